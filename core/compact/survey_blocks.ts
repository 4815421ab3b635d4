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
import { blockWindow, type ByteRange, coveringRange, isAllZero, usedBytesNonZero, usedRangesIn } from "./block_bytes.ts";
import { BlockFlag, type BlockCensus } from "./block_census.ts";
import { BlockBufferPool } from "./block_buffers.ts";
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
  // Blocks bigger than a piece (Hyper-V's default is 32 MiB) are read a piece at a time, so the
  // survey holds a few pieces whatever the block size, and stops reading a block once its flags
  // are known (a used byte found non-zero). One piece per block for blocks of a piece or less.
  const pieceBytes = Math.min(vhdx.blockSize, PIECE_BYTES);
  const pool = new BlockBufferPool(pieceBytes);
  const known = (p: Piece) => (p.used.length === 0 || (flags[p.i] & BlockFlag.UsedNonZero) !== 0) && (!wantWhole || (flags[p.i] & BlockFlag.NonZero) !== 0);
  const load = async (p: Piece): Promise<LoadedPiece> => {
    if (known(p)) return { p, buffer: null, bytes: null };
    const buffer = pool.take();
    const bytes = buffer.subarray(0, p.end - p.start);
    if (!(await vhdx.readBlockInto(p.i, p.start - p.i * vhdx.blockSize, bytes))) bytes.fill(0);
    return { p, buffer, bytes };
  };
  opts.progress?.phase("survey the used blocks", toRead.length * vhdx.blockSize);
  let done = 0;
  for await (const { p, buffer, bytes } of readAhead(piecesOf(vhdx, map, toRead, wantWhole, pieceBytes), load, readAheadDepth(pieceBytes))) {
    stopIfAborted(opts.signal, "the survey was stopped; nothing was changed.");
    if (bytes && !known(p)) {
      if (!(flags[p.i] & BlockFlag.UsedNonZero) && usedBytesNonZero(bytes, p.start, clipRanges(p.used, p.start, p.end))) flags[p.i] |= BlockFlag.UsedNonZero;
      if (wantWhole && !(flags[p.i] & BlockFlag.NonZero) && !isAllZero(bytes)) flags[p.i] |= BlockFlag.NonZero;
    }
    if (buffer) pool.give(buffer);
    if (p.last) opts.progress?.update(done += vhdx.blockSize);
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

/** Bytes read at once by the survey (at most one block). */
const PIECE_BYTES = 4 * 1024 * 1024;

/** A part of one block's span to read: disk offsets [start, end), `used` the block's used ranges. */
interface Piece {
  i: number;
  used: ByteRange[];
  start: number;
  end: number;
  /** The block's last piece. */
  last: boolean;
}

interface LoadedPiece {
  p: Piece;
  buffer: Uint8Array | null;
  /** Null when the block's flags were known before this piece was read (it was not read). */
  bytes: Uint8Array | null;
}

/** The pieces to read, block by block in order: whole windows when `wantWhole`, else from the first to the last used byte. */
function* piecesOf(vhdx: DiskImage, map: UsedBlockMap | null, blocks: readonly number[], wantWhole: boolean, pieceBytes: number): Generator<Piece> {
  for (const i of blocks) {
    const window = blockWindow(i, vhdx.blockSize, vhdx.virtualSize);
    const used = usedRangesIn(map, window);
    const span = wantWhole ? window : coveringRange(used)!;
    for (let start = span[0]; start < span[1]; start += pieceBytes) {
      const end = Math.min(span[1], start + pieceBytes);
      yield { i, used, start, end, last: end === span[1] };
    }
  }
}

/** The parts of `ranges` (sorted, disjoint) inside [start, end). */
function clipRanges(ranges: ByteRange[], start: number, end: number): ByteRange[] {
  const out: ByteRange[] = [];
  for (const [s, e] of ranges) {
    if (e <= start || s >= end) continue;
    out.push([Math.max(s, start), Math.min(e, end)]);
  }
  return out;
}
