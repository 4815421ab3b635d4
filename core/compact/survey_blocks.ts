/**
 * The survey: one read pass over the source that fills a {@link BlockCensus}. Blocks without
 * used filesystem data are not read at all; used ones are read from their first to their last
 * used byte (whole blocks when the zero-drop figure is wanted too).
 * @module
 */
import type { UsedBlockMap } from "../disk/used_block_map.ts";
import type { Progress } from "../domain/progress.ts";
import type { DiskImage } from "../disk/disk_image.ts";
import { stopIfAborted } from "./abort.ts";
import { blockWindow, coveringRange, isAllZero, usedBytesNonZero, usedRangesIn } from "./block_bytes.ts";
import { BlockFlag, type BlockCensus } from "./block_census.ts";
import { BlockBufferPool } from "./block_buffers.ts";
import { readSpanInto } from "./block_source.ts";
import { readAhead, readAheadDepth } from "./read_ahead.ts";

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
 * const plan = planCompaction(census, vhdx.fileLayout());
 */
export async function surveyBlocks(vhdx: DiskImage, map: UsedBlockMap | null, opts: SurveyOptions = {}): Promise<BlockCensus> {
  const flags = new Uint8Array(vhdx.blockCount);
  const wantWhole = Boolean(opts.zeroDrop) || !map;
  const toRead: number[] = [];
  for (let i = 0; i < vhdx.blockCount; i++) {
    if (!vhdx.isBlockPresent(i)) continue;
    flags[i] = BlockFlag.Present;
    if (usedRangesIn(map, blockWindow(i, vhdx.blockSize, vhdx.virtualSize)).length > 0) flags[i] |= BlockFlag.Used;
    if (wantWhole || flags[i] & BlockFlag.Used) toRead.push(i);
  }
  const pool = new BlockBufferPool(vhdx.blockSize);
  const load = async (i: number) => {
    const window = blockWindow(i, vhdx.blockSize, vhdx.virtualSize);
    const used = usedRangesIn(map, window);
    const buffer = pool.take();
    return { i, used, buffer, read: await readSpanInto(vhdx, i, wantWhole ? window : coveringRange(used)!, buffer) };
  };
  opts.progress?.phase("survey the used blocks", toRead.length * vhdx.blockSize);
  let done = 0;
  for await (const { i, used, buffer, read } of readAhead(toRead, load, readAheadDepth(vhdx.blockSize))) {
    stopIfAborted(opts.signal, "the survey was stopped; nothing was changed.");
    if (used.length > 0 && usedBytesNonZero(read.bytes, read.start, used)) flags[i] |= BlockFlag.UsedNonZero;
    if (wantWhole && !isAllZero(read.bytes)) flags[i] |= BlockFlag.NonZero;
    pool.give(buffer);
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
