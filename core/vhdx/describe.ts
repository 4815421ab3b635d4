/**
 * The summary behind the `analyze` command: sizes and how many blocks are in each state.
 * @module
 */
import { PayloadBlockState } from "./bat.ts";
import type { Vhdx } from "./vhdx.ts";

/** Counts of payload blocks by state name. */
export type BlockStateCounts = Record<"notPresent" | "undefined" | "zero" | "unmapped" | "fullyPresent" | "partiallyPresent", number>;

/** What `analyze` shows about a VHDX. */
export interface VhdxDescription {
  virtualSize: number;
  fileSize: number;
  blockSize: number;
  logicalSectorSize: number;
  physicalSectorSize: number;
  allocatedBytes: number;
  blockStates: BlockStateCounts;
}

const STATE_NAMES: Record<number, keyof BlockStateCounts> = {
  [PayloadBlockState.NotPresent]: "notPresent",
  [PayloadBlockState.Undefined]: "undefined",
  [PayloadBlockState.Zero]: "zero",
  [PayloadBlockState.Unmapped]: "unmapped",
  [PayloadBlockState.UnmappedDraft]: "unmapped",
  [PayloadBlockState.FullyPresent]: "fullyPresent",
  [PayloadBlockState.PartiallyPresent]: "partiallyPresent",
};

/**
 * Summarizes an opened VHDX (no I/O).
 * @example
 * const d = describeVhdx(await openVhdx(file));
 * console.log(d.allocatedBytes, d.blockStates.fullyPresent);
 */
export function describeVhdx(vhdx: Vhdx): VhdxDescription {
  const blockStates: BlockStateCounts = { notPresent: 0, undefined: 0, zero: 0, unmapped: 0, fullyPresent: 0, partiallyPresent: 0 };
  for (let i = 0; i < vhdx.blockCount; i++) blockStates[STATE_NAMES[vhdx.blockState(i)]]++;
  return {
    virtualSize: vhdx.virtualSize,
    fileSize: vhdx.fileSize,
    blockSize: vhdx.blockSize,
    logicalSectorSize: vhdx.logicalSectorSize,
    physicalSectorSize: vhdx.physicalSectorSize,
    allocatedBytes: blockStates.fullyPresent * vhdx.blockSize,
    blockStates,
  };
}
