/**
 * The pure planner behind estimates: from a {@link BlockCensus}, which blocks stay and the exact
 * size of the file each mode produces. No I/O.
 * @module
 */
import { type BlockCensus, keptByNative, keptByZeroDrop } from "./block_census.ts";
import { IMAGE_FORMAT } from "./image_format.ts";
import { type FileLayout, type InPlacePlan, planInPlace } from "./plan_in_place.ts";

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
 * Exact size of the new image copy mode writes holding `keptBlocks` payload blocks.
 * @example
 * newFileSize(64 * MiB, MiB, 512, 10); // VHDX: 3 MiB + 1 MiB BAT + 10 MiB
 */
export function newFileSize(virtualSize: number, blockSize: number, logicalSectorSize: number, keptBlocks: number): number {
  return IMAGE_FORMAT.newFileSize({ virtualSize, blockSize, logicalSectorSize }, keptBlocks);
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
 * const plan = planCompaction(census, vhdx.fileLayout());
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
