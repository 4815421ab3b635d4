/**
 * The pure planner behind estimates: from a {@link BlockCensus}, which blocks stay and the exact
 * size of the file each mode produces. No I/O.
 * @module
 */
import { BAT_ENTRY_SIZE, batGeometry } from "../vhdx/bat.ts";
import { MiB } from "../vhdx/header.ts";
import { type BlockCensus, keptByNative, keptByZeroDrop } from "./block_census.ts";
import { type FileLayout, type InPlacePlan, planInPlace } from "./plan_in_place.ts";

/**
 * Fixed part of a file written by `createVhdx` (core/vhdx/create_vhdx.ts): header section,
 * 1 MiB log, 1 MiB metadata; the BAT follows at 3 MiB, rounded up to 1 MiB, then the blocks.
 */
const NEW_FILE_FIXED_BYTES = 3 * MiB;

/** Which blocks a compaction keeps and what that costs. */
export interface CompactionPlan {
  blockSize: number;
  /** Payload blocks kept, in index order. */
  kept: number[];
  /** Present blocks dropped. */
  dropped: number[];
  keptBytes: number;
  droppedBytes: number;
  /** Exact size of the new file copy mode writes (`--output`). */
  copySize: number;
  /** The in-place plan (moves and truncation), when the source layout was given. */
  inPlace: InPlacePlan | null;
}

/**
 * Exact size of a new dynamic VHDX holding `keptBlocks` payload blocks (the `createVhdx` layout).
 * @example
 * newFileSize(64 * MiB, MiB, 512, 10); // 3 MiB + 1 MiB BAT + 10 MiB
 */
export function newFileSize(virtualSize: number, blockSize: number, logicalSectorSize: number, keptBlocks: number): number {
  const g = batGeometry(virtualSize, blockSize, logicalSectorSize);
  const batLength = Math.ceil((g.entryCount * BAT_ENTRY_SIZE) / MiB) * MiB;
  return NEW_FILE_FIXED_BYTES + batLength + keptBlocks * Math.ceil(blockSize / MiB) * MiB;
}

function planWith(census: BlockCensus, keep: (c: BlockCensus, i: number) => boolean, layout?: FileLayout): CompactionPlan {
  const kept: number[] = [], dropped: number[] = [];
  for (let i = 0; i < census.flags.length; i++) {
    if (keep(census, i)) kept.push(i);
    else if (census.flags[i] & 1) dropped.push(i);
  }
  const keptSet = new Set(kept);
  return {
    blockSize: census.blockSize,
    kept,
    dropped,
    keptBytes: kept.length * census.blockSize,
    droppedBytes: dropped.length * census.blockSize,
    copySize: newFileSize(census.virtualSize, census.blockSize, census.logicalSectorSize, kept.length),
    inPlace: layout ? planInPlace(layout, (b) => keptSet.has(b)) : null,
  };
}

/**
 * Plans the native compaction: keep blocks with used, non-zero data; drop the rest. With the
 * source's {@link FileLayout} the plan also holds the in-place moves and the exact size after.
 * @example
 * const plan = planCompaction(census, fileLayoutOf(vhdx));
 * console.log(plan.copySize, plan.inPlace?.truncateTo);
 */
export function planCompaction(census: BlockCensus, layout?: FileLayout): CompactionPlan {
  return planWith(census, keptByNative, layout);
}

/**
 * Plans the fallback that drops all-zero blocks only (for filesystems we do not understand, and
 * the `zeroDropSizeAfter` figure). Needs a census that read whole blocks.
 * @throws RangeError when the census did not measure non-zero blocks
 */
export function planZeroDrop(census: BlockCensus, layout?: FileLayout): CompactionPlan {
  if (!census.nonZeroKnown) throw new RangeError("the census did not read whole blocks; survey with zeroDrop: true");
  return planWith(census, keptByZeroDrop, layout);
}
