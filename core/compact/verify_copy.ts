/**
 * The check after a copy: re-open the new file with our reader and compare its parameters, its
 * block states and the used bytes of every block with what was read from the source.
 *
 * The copy splits it in two so that the read-back overlaps the final flush, the slowest part of a
 * copy: {@link verifyWrittenBlocks} re-reads each kept block at the offset it was written to while
 * the data is flushed (reads come from the same page cache before and after the flush, and success
 * needs the flush to succeed too); {@link verifyCopyLayout} then re-opens the finished file and
 * checks that its BAT points every kept block at exactly that offset, and nothing else.
 * @module
 */
import { UserFacingError } from "../errors.ts";
import type { UsedBlockMap } from "../disk/used_block_map.ts";
import { type BlockFile, readIntoOrCopy } from "../io/block_file.ts";
import type { DiskImage } from "../disk/disk_image.ts";
import { stopIfAborted } from "./abort.ts";
import { blockWindow, type ByteRange, coveringRange, usedRangesIn } from "./block_bytes.ts";
import { BlockBufferPool } from "./block_buffers.ts";
import type { BlockDigests } from "./block_digests.ts";
import { usedDigest } from "./block_digests.ts";
import { readSpanInto, type SpanBytes } from "./block_source.ts";
import { IMAGE_FORMAT } from "./image_format.ts";
import { readAhead, readAheadDepth } from "./read_ahead.ts";

/** The new file does not read back as the source (a bug or failing storage); it is not kept. */
export class VerificationError extends UserFacingError {}

/** Options of the checks. */
export interface VerifyOptions {
  signal?: AbortSignal;
}

const PARAMS = ["virtualSize", "blockSize", "logicalSectorSize", "physicalSectorSize", "diskId"] as const;
const STOPPED = "the new file was not fully verified and will be removed; the original was not changed.";

function fail(what: string): never {
  throw new VerificationError(`The new file failed verification (${what}); it was removed and the original is unchanged. Check the destination drive and report this.`);
}

/** Reads `span` of digest entry `n` into a block buffer. */
type SpanReader = (n: number, span: ByteRange, buffer: Uint8Array) => Promise<SpanBytes>;

/** Reads the used bytes of every entry of `digests` through `read` and checks each digest. */
async function checkDigests(digests: BlockDigests, map: UsedBlockMap | null, disk: Pick<DiskImage, "blockSize" | "virtualSize">, read: SpanReader, opts: VerifyOptions): Promise<number> {
  const pool = new BlockBufferPool(disk.blockSize);
  const load = async (n: number) => {
    const window = blockWindow(digests.block(n), disk.blockSize, disk.virtualSize);
    const used = usedRangesIn(map, window);
    const buffer = pool.take();
    return { n, used, buffer, read: await read(n, coveringRange(used) ?? window, buffer) };
  };
  let compared = 0;
  const entries = Array.from({ length: digests.count }, (_, n) => n);
  for await (const { n, used, buffer, read } of readAhead(entries, load, readAheadDepth(disk.blockSize))) {
    stopIfAborted(opts.signal, STOPPED);
    if (!digests.matches(n, usedDigest(read.bytes, read.start, used))) fail(`the used data of block ${digests.block(n)} differs`);
    pool.give(buffer);
    for (const [s, e] of used) compared += e - s;
  }
  return compared;
}

/**
 * Re-reads every block recorded in `digests` from `output` at the file offset it was written to
 * and checks its used bytes; needs no headers, so it can run while the writer finishes.
 * @returns bytes of used data compared
 * @throws VerificationError on the first difference
 */
export function verifyWrittenBlocks(output: BlockFile, map: UsedBlockMap | null, digests: BlockDigests, disk: Pick<DiskImage, "blockSize" | "virtualSize">, opts: VerifyOptions = {}): Promise<number> {
  return checkDigests(digests, map, disk, async (n, span, buffer) => {
    const within = span[0] - digests.block(n) * disk.blockSize;
    const bytes = buffer.subarray(within, within + span[1] - span[0]);
    await readIntoOrCopy(output, digests.fileOffset(n) + within, bytes);
    return { start: span[0], bytes };
  }, opts);
}

/**
 * Re-opens the finished `output` and checks it against `source`: same parameters, and exactly the
 * blocks in `digests` present, each at the file offset recorded for it.
 * @returns the re-opened copy
 * @throws VerificationError on the first difference
 */
export async function verifyCopyLayout(output: BlockFile, source: DiskImage, digests: BlockDigests): Promise<DiskImage> {
  const copy = await IMAGE_FORMAT.open(output, "refuse");
  for (const p of PARAMS) if (copy[p] !== source[p]) fail(`${p} is ${copy[p]}, expected ${source[p]}`);
  for (let i = 0, n = 0; i < copy.blockCount; i++) {
    const isPresent = copy.isBlockPresent(i);
    const expected = n < digests.count && digests.block(n) === i;
    if (isPresent !== expected) fail(`block ${i} is ${isPresent ? "present" : "missing"}`);
    if (!isPresent) continue;
    if (digests.fileOffset(n) !== 0 && copy.blockFileOffset(i) !== digests.fileOffset(n)) fail(`block ${i} is at offset ${copy.blockFileOffset(i)}, written at ${digests.fileOffset(n)}`);
    n++;
  }
  return copy;
}

/**
 * Re-opens `output` and compares it with `source`: same parameters, exactly the blocks in
 * `digests` present, and each one's used bytes (read through the copy's BAT) hashing to the
 * recorded digest.
 * @returns bytes of used data compared
 * @throws VerificationError on the first difference
 */
export async function verifyCopy(output: BlockFile, source: DiskImage, map: UsedBlockMap | null, digests: BlockDigests, opts: VerifyOptions = {}): Promise<number> {
  const copy = await verifyCopyLayout(output, source, digests);
  return checkDigests(digests, map, copy, (n, span, buffer) => readSpanInto(copy, digests.block(n), span, buffer), opts);
}
