/**
 * Byte-level questions the compactor asks of one payload block, on plain buffers: which of its
 * bytes the filesystem uses, whether they are all zero, and zeroing the free ones (scrub).
 * @module
 */
import { Buffer } from "node:buffer";
import { freeRangesIn, isRangeUsed, type UsedBlockMap } from "../disk/used_block_map.ts";

/** A byte range [start, end) in virtual-disk offsets. */
export type ByteRange = [start: number, end: number];

const ZERO_CHUNK = Buffer.alloc(1024 * 1024);

/**
 * True when every byte is zero (native memcmp against a zero buffer, 1 MiB at a time).
 * @example
 * isAllZero(new Uint8Array(4096)); // true
 */
export function isAllZero(bytes: Uint8Array): boolean {
  for (let at = 0; at < bytes.length; at += ZERO_CHUNK.length) {
    const n = Math.min(ZERO_CHUNK.length, bytes.length - at);
    const view = Buffer.from(bytes.buffer, bytes.byteOffset + at, n);
    if (!view.equals(n === ZERO_CHUNK.length ? ZERO_CHUNK : ZERO_CHUNK.subarray(0, n))) return false;
  }
  return true;
}

/**
 * The virtual window of payload block `index`: it starts at index × blockSize and stops at the
 * end of the disk (the last block may be partial).
 */
export function blockWindow(index: number, blockSize: number, virtualSize: number): ByteRange {
  const start = index * blockSize;
  return [start, Math.min(start + blockSize, virtualSize)];
}

/**
 * The used ranges inside a window: everything when there is no map (the filesystem is not
 * understood, so every byte counts), else the window minus the map's free ranges.
 */
export function usedRangesIn(map: UsedBlockMap | null, [start, end]: ByteRange): ByteRange[] {
  if (!map) return end > start ? [[start, end]] : [];
  if (!isRangeUsed(map, start, end - start)) return [];
  const out: ByteRange[] = [];
  let pos = start;
  for (const [freeStart, freeEnd] of freeRangesIn(map, start, end - start)) {
    if (freeStart > pos) out.push([pos, freeStart]);
    pos = freeEnd;
  }
  if (pos < end) out.push([pos, end]);
  return out;
}

/** The smallest range covering all `ranges` (one read instead of many), or null when empty. */
export function coveringRange(ranges: ByteRange[]): ByteRange | null {
  return ranges.length === 0 ? null : [ranges[0][0], ranges[ranges.length - 1][1]];
}

/**
 * Zeroes, in `bytes` (which hold the disk range starting at `bytesStart`), every byte outside
 * `used`: the free filesystem blocks of a kept payload block.
 */
export function scrubOutside(bytes: Uint8Array, bytesStart: number, used: ByteRange[]): void {
  let pos = bytesStart;
  const end = bytesStart + bytes.length;
  for (const [s, e] of used) {
    if (s > pos) bytes.fill(0, pos - bytesStart, Math.min(s, end) - bytesStart);
    pos = Math.max(pos, e);
  }
  if (pos < end) bytes.fill(0, pos - bytesStart);
}

/** True when any used range of `bytes` (holding the disk range from `bytesStart`) has a non-zero byte. */
export function usedBytesNonZero(bytes: Uint8Array, bytesStart: number, used: ByteRange[]): boolean {
  for (const [s, e] of used) {
    if (!isAllZero(bytes.subarray(s - bytesStart, e - bytesStart))) return true;
  }
  return false;
}
