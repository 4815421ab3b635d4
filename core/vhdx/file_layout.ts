/**
 * Reads the {@link FileLayout} the in-place planner needs off an opened VHDX (no I/O: the BAT and
 * region table are already in memory).
 * @module
 */
import { PayloadBlockState } from "./bat.ts";
import type { BatEntry } from "./bat.ts";
import type { FileLayout, FileSpan } from "../disk/disk_image.ts";
import { MiB } from "./header.ts";
import type { Header } from "./header.ts";
import type { RegionTable } from "./region_table.ts";

/** What {@link fileLayoutOf} reads of an opened VHDX (a `Vhdx` is one). */
export interface LaidOutVhdx {
  readonly regions: Pick<RegionTable, "entries">;
  readonly header: Pick<Header, "logOffset" | "logLength">;
  readonly blockCount: number;
  readonly blockSize: number;
  readonly fileSize: number;
  rawBatEntry(index: number): BatEntry;
  batEntryIndex(block: number): number;
}

/**
 * The layout of `vhdx`: regions and log are reserved, and so is the span of any payload entry
 * that carries a file offset without being FULLY_PRESENT (Hyper-V wants 0 there, but what a
 * writer left behind we do not overwrite).
 */
export function fileLayoutOf(vhdx: LaidOutVhdx): FileLayout {
  // The header section (§2.1) is never a hole.
  const reserved: FileSpan[] = [{ start: 0, end: MiB }];
  for (const r of vhdx.regions.entries) reserved.push({ start: r.fileOffset, end: r.fileOffset + r.length });
  if (vhdx.header.logLength > 0) reserved.push({ start: vhdx.header.logOffset, end: vhdx.header.logOffset + vhdx.header.logLength });
  const blocks: FileLayout["blocks"] = [];
  for (let i = 0; i < vhdx.blockCount; i++) {
    const e = vhdx.rawBatEntry(vhdx.batEntryIndex(i));
    if (e.state === PayloadBlockState.FullyPresent) blocks.push({ block: i, offset: e.fileOffset });
    else if (e.fileOffset !== 0) reserved.push({ start: e.fileOffset, end: Math.min(e.fileOffset + vhdx.blockSize, vhdx.fileSize) });
  }
  // Payload blocks and the file end sit on 1 MiB boundaries (§2.5: FileOffsetMB).
  return { fileSize: vhdx.fileSize, blockSize: vhdx.blockSize, alignment: MiB, reserved, blocks };
}
