/**
 * Reading the used part of a payload block with as few copies as the reader allows: the whole
 * block in one read when the used span covers most of it, else just the span.
 * @module
 */
import type { Vhdx } from "../vhdx/vhdx.ts";
import type { ByteRange } from "./block_bytes.ts";

/** Bytes of the disk range starting at `start`. */
export interface SpanBytes {
  start: number;
  bytes: Uint8Array;
}

/**
 * Reads `span` of present block `block` of `vhdx`. Returns bytes that cover at least the span
 * (possibly the whole block), with the disk offset they start at.
 */
export async function readSpan(vhdx: Vhdx, block: number, span: ByteRange): Promise<SpanBytes> {
  const blockStart = block * vhdx.blockSize;
  if (span[1] - span[0] >= vhdx.blockSize / 2) {
    const whole = await vhdx.readBlock(block);
    if (whole) return { start: blockStart, bytes: whole.subarray(0, Math.min(vhdx.blockSize, vhdx.virtualSize - blockStart)) };
  }
  return { start: span[0], bytes: await vhdx.readAt(span[0], span[1] - span[0]) };
}
