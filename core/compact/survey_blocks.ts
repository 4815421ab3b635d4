/**
 * The survey: one read pass over the source that fills a {@link BlockCensus}. Blocks without
 * used filesystem data are not read at all; used ones are read from their first to their last
 * used byte (whole blocks when the zero-drop figure is wanted too).
 * @module
 */
import type { UsedBlockMap } from "../ext4/used_block_map.ts";
import type { Progress } from "../plugin/types.ts";
import { PayloadBlockState } from "../vhdx/bat.ts";
import type { Vhdx } from "../vhdx/vhdx.ts";
import { stopIfAborted } from "./abort.ts";
import { blockWindow, coveringRange, isAllZero, usedBytesNonZero, usedRangesIn } from "./block_bytes.ts";
import { BlockFlag, type BlockCensus } from "./block_census.ts";

/** Options for {@link surveyBlocks}. */
export interface SurveyOptions {
  /** Also read whole blocks to measure which are all zero (for `zeroDropSizeAfter`); slower. */
  zeroDrop?: boolean;
  signal?: AbortSignal;
  progress?: Progress;
}

/**
 * Classifies every payload block of `vhdx` against `map` (null: filesystem not understood, every
 * byte counts as used, so only all-zero blocks can go).
 * @example
 * const census = await surveyBlocks(vhdx, report.usedMap ?? null);
 * const plan = planCompaction(census, fileLayoutOf(vhdx));
 */
export async function surveyBlocks(vhdx: Vhdx, map: UsedBlockMap | null, opts: SurveyOptions = {}): Promise<BlockCensus> {
  const flags = new Uint8Array(vhdx.blockCount);
  const wantWhole = Boolean(opts.zeroDrop) || !map;
  opts.progress?.phase("survey the used blocks", vhdx.allocatedBytes());
  let done = 0;
  for (let i = 0; i < vhdx.blockCount; i++) {
    if (vhdx.blockState(i) !== PayloadBlockState.FullyPresent) continue;
    stopIfAborted(opts.signal, "the survey was stopped; nothing was changed.");
    const window = blockWindow(i, vhdx.blockSize, vhdx.virtualSize);
    const used = usedRangesIn(map, window);
    let f: number = BlockFlag.Present;
    if (used.length > 0) f |= BlockFlag.Used;
    const span = wantWhole ? window : coveringRange(used);
    if (span) {
      const bytes = await vhdx.readAt(span[0], span[1] - span[0]);
      if (used.length > 0 && usedBytesNonZero(bytes, span[0], used)) f |= BlockFlag.UsedNonZero;
      if (wantWhole && !isAllZero(bytes)) f |= BlockFlag.NonZero;
    }
    flags[i] = f;
    opts.progress?.update(done += vhdx.blockSize);
  }
  return {
    virtualSize: vhdx.virtualSize,
    blockSize: vhdx.blockSize,
    logicalSectorSize: vhdx.logicalSectorSize,
    flags,
    nonZeroKnown: wantWhole,
    filesystemAware: map !== null,
  };
}
