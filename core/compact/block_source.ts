/**
 * Reading the used part of a payload block into a caller's block buffer, with no allocation and
 * no copy: the bytes land at their offset inside the block, so the buffer can become the output
 * block in place.
 * @module
 */
import type { DiskImage } from "../disk/disk_image.ts";
import type { ByteRange } from "./block_bytes.ts";

/** Bytes of the disk range starting at `start`. */
export interface SpanBytes {
  start: number;
  bytes: Uint8Array;
}

/**
 * Reads `span` (disk offsets inside block `block`) of `vhdx` into `buffer` (one block long) at the
 * span's offset within the block. A block that is not present reads as zeros. The other bytes of
 * `buffer` are left as they were.
 * @returns the span's bytes: a view into `buffer`
 * @example
 * const read = await readSpanInto(vhdx, 3, [3 * MiB + 4096, 3 * MiB + 8192], pool.take());
 */
export async function readSpanInto(vhdx: DiskImage, block: number, span: ByteRange, buffer: Uint8Array): Promise<SpanBytes> {
  const within = span[0] - block * vhdx.blockSize;
  const bytes = buffer.subarray(within, within + span[1] - span[0]);
  if (!(await vhdx.readBlockInto(block, within, bytes))) bytes.fill(0);
  return { start: span[0], bytes };
}
