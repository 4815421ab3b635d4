/**
 * Copy mode: write a new dynamic image holding only the blocks with used, non-zero data, then
 * check it block by block. The source is only read. Works on {@link BlockFile}s; the shell
 * (compact_file.ts) owns paths, the temporary name and cleanup.
 * @module
 */
import type { UsedBlockMap } from "../disk/used_block_map.ts";
import type { BlockFile } from "../io/block_file.ts";
import type { Progress } from "../domain/progress.ts";
import type { DiskImage } from "../disk/disk_image.ts";
import { stopIfAborted } from "./abort.ts";
import { blockWindow, type ByteRange, coveringRange, scrubOutside, usedBytesNonZero, usedRangesIn } from "./block_bytes.ts";
import { BlockBufferPool } from "./block_buffers.ts";
import { readSpanInto, type SpanBytes } from "./block_source.ts";
import { readAhead, readAheadDepth } from "./read_ahead.ts";
import { BlockFlag, type BlockCensus } from "./block_census.ts";
import { BlockDigests, usedDigest } from "./block_digests.ts";
import { IMAGE_FORMAT } from "./image_format.ts";
import { verifyCopyLayout, verifyWrittenBlocks } from "./verify_copy.ts";

/** Options for {@link compactCopy}. */
export interface CopyOptions {
  /** Zero the free filesystem blocks inside kept blocks (default true). */
  scrub?: boolean;
  signal?: AbortSignal;
  progress?: Progress;
}

/** What a copy did. */
export interface CopyResult {
  census: BlockCensus;
  keptBlocks: number;
  droppedBlocks: number;
  /** Size of the new file, verified. */
  sizeAfter: number;
  /** Bytes of used filesystem data compared after the copy. */
  verifiedBytes: number;
}

const STOPPED = "the new file is incomplete and will be removed; the original was not changed.";

/** A present block with used data, as read (before the keep decision), in a pooled buffer. */
interface UsedBlock {
  index: number;
  used: ByteRange[];
  /** The block buffer the bytes were read into (given back to the pool after the write). */
  buffer: Uint8Array;
  read: SpanBytes;
}

/** Reads the used part of block `index` (the whole window without scrubbing: free bytes are kept). */
async function readUsedBlock(source: DiskImage, map: UsedBlockMap | null, index: number, scrub: boolean, buffer: Uint8Array): Promise<UsedBlock> {
  const window = blockWindow(index, source.blockSize, source.virtualSize);
  const used = usedRangesIn(map, window);
  return { index, used, buffer, read: await readSpanInto(source, index, scrub ? coveringRange(used)! : window, buffer) };
}

/**
 * The block as the new file holds it, built in place in the block's buffer: without scrubbing the
 * whole window was read; with it, every byte outside the used ranges (the bytes not read
 * included) is zeroed.
 */
function outputBlock(b: UsedBlock, window: ByteRange, scrub: boolean): Uint8Array {
  const data = b.buffer.subarray(0, window[1] - window[0]);
  if (scrub) scrubOutside(data, window[0], b.used);
  return data;
}

/**
 * Copies `source` into the empty `output` keeping what `map` says is used (null: keep every
 * non-zero block), with the same virtual size, block size, sector sizes and disk id; syncs;
 * then re-opens `output` and compares every used byte with what was read from the source.
 * @throws VerificationError when the new file does not read back as the source
 * @throws InterruptedError when `signal` fires (the output is then incomplete)
 * @example
 * const result = await compactCopy(vhdx, report.usedMap ?? null, await openBlockFile("new.vhdx", "create"));
 */
export async function compactCopy(source: DiskImage, map: UsedBlockMap | null, output: BlockFile, opts: CopyOptions = {}): Promise<CopyResult> {
  const scrub = opts.scrub ?? true;
  const writer = await IMAGE_FORMAT.create(output, {
    virtualSize: source.virtualSize,
    blockSize: source.blockSize,
    logicalSectorSize: source.logicalSectorSize,
    physicalSectorSize: source.physicalSectorSize,
    diskId: source.diskId,
  });
  const flags = new Uint8Array(source.blockCount);
  const digests = await BlockDigests.create();
  const candidates: number[] = [];
  for (let i = 0; i < source.blockCount; i++) {
    if (!source.isBlockPresent(i)) continue;
    flags[i] = BlockFlag.Present;
    // Blocks without used bytes are dropped unread.
    if (usedRangesIn(map, blockWindow(i, source.blockSize, source.virtualSize)).length > 0) candidates.push(i);
  }
  const pool = new BlockBufferPool(source.blockSize);
  // One write stays in flight while the next block is hashed (and later ones are read ahead);
  // its digest is recorded with the offset the writer chose once the write is done.
  let writing: { done: Promise<number>; buffer: Uint8Array; index: number; digest: Uint8Array } | undefined;
  const settle = async () => {
    if (!writing) return;
    const { done, buffer, index, digest } = writing;
    writing = undefined;
    digests.add(index, digest, await done);
    pool.give(buffer);
  };
  let done = 0;
  opts.progress?.phase("copy the used blocks", candidates.length * source.blockSize);
  try {
    const load = (i: number) => readUsedBlock(source, map, i, scrub, pool.take());
    for await (const b of readAhead(candidates, load, readAheadDepth(source.blockSize))) {
      stopIfAborted(opts.signal, STOPPED);
      flags[b.index] |= BlockFlag.Used;
      if (!usedBytesNonZero(b.read.bytes, b.read.start, b.used)) {
        pool.give(b.buffer);
      } else {
        flags[b.index] |= BlockFlag.UsedNonZero;
        const window = blockWindow(b.index, source.blockSize, source.virtualSize);
        const data = outputBlock(b, window, scrub);
        const digest = usedDigest(data, window[0], b.used);
        await settle();
        const write = writer.writeBlock(b.index, data);
        write.catch(() => {}); // observed by settle(); avoid an unhandled rejection meanwhile
        writing = { done: write, buffer: b.buffer, index: b.index, digest };
      }
      opts.progress?.update(done += source.blockSize);
    }
    await settle();
  } finally {
    await writing?.done.catch(() => {}); // never leave a write running into the caller's cleanup
  }
  let dropped = 0;
  for (let i = 0; i < source.blockCount; i++) if ((flags[i] & BlockFlag.Present) && !(flags[i] & BlockFlag.UsedNonZero)) dropped++;
  stopIfAborted(opts.signal, STOPPED);
  // The read-back overlaps the flush in finish(); success needs both, so it is never reported
  // for unflushed data. The layout check needs the headers finish() writes last.
  const [finished, readBack] = await Promise.allSettled([writer.finish(), verifyWrittenBlocks(output, map, digests, source, opts)]);
  if (finished.status === "rejected") throw finished.reason;
  if (readBack.status === "rejected") throw readBack.reason;
  await verifyCopyLayout(output, source, digests);
  const verifiedBytes = readBack.value;
  return {
    census: {
      virtualSize: source.virtualSize, blockSize: source.blockSize, logicalSectorSize: source.logicalSectorSize,
      flags, nonZeroKnown: false, filesystemAware: map !== null,
    },
    keptBlocks: digests.count,
    droppedBlocks: dropped,
    sizeAfter: await output.size(),
    verifiedBytes,
  };
}
