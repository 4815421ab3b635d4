/**
 * The used-unit map of a filesystem as plain data, and the two questions the compactor asks of it.
 * Bytes the map does not cover (before the filesystem, past its end) count as used: what we do not
 * understand, we keep.
 * @module
 */

/** Which allocation units of a filesystem are in use; sans-I/O plain data. */
export interface UsedBlockMap {
  /** Byte offset of the filesystem in the virtual disk. */
  offset: number;
  /** Bytes per bit: the block size, or the cluster size with bigalloc. */
  unitSize: number;
  /** Number of units (bits) that belong to the filesystem. */
  unitCount: number;
  /** Bit i (LSB-first within each byte, like ext4 bitmaps) set = unit i is used. */
  bits: Uint8Array;
  /**
   * Bytes of the disk covered, starting at `offset`. Normally unitCount*unitSize; with bigalloc and a
   * block count that is not a whole number of clusters, the last unit is partial and this stops at
   * the last filesystem block, so nothing past the filesystem is ever reported free.
   */
  fsBytes: number;
}

/** Tests bit `i`. */
export function testBit(bits: Uint8Array, i: number): boolean {
  return (bits[i >>> 3] & (1 << (i & 7))) !== 0;
}

/** Sets bits [from, from + count). */
export function setBits(bits: Uint8Array, from: number, count: number): void {
  let i = from;
  const end = from + count;
  for (; i < end && (i & 7) !== 0; i++) bits[i >>> 3] |= 1 << (i & 7);
  for (; i + 8 <= end; i += 8) bits[i >>> 3] = 0xff;
  for (; i < end; i++) bits[i >>> 3] |= 1 << (i & 7);
}

/** Index of the first clear bit in [from, from + count), or -1 when all are set. */
export function firstClearBit(bits: Uint8Array, from: number, count: number): number {
  const end = from + count;
  let i = from;
  while (i < end) {
    if ((i & 7) === 0 && i + 8 <= end && bits[i >>> 3] === 0xff) {
      i += 8;
      continue;
    }
    if (!testBit(bits, i)) return i;
    i++;
  }
  return -1;
}

/** Index of the first set bit in [from, from + count), or -1 when none is. */
export function firstSetBit(bits: Uint8Array, from: number, count: number): number {
  const end = from + count;
  let i = from;
  while (i < end) {
    if ((i & 7) === 0 && i + 8 <= end && bits[i >>> 3] === 0) {
      i += 8;
      continue;
    }
    if (testBit(bits, i)) return i;
    i++;
  }
  return -1;
}

/** Number of set bits among the first `count` bits (word at a time: the map of a 1 TiB disk is 32 MiB). */
export function countSetBits(bits: Uint8Array, count: number): number {
  let n = 0;
  const wholeBytes = count >>> 3;
  const aligned = (bits.byteOffset & 3) === 0;
  const words = aligned ? new Int32Array(bits.buffer, bits.byteOffset, wholeBytes >>> 2) : new Int32Array(0);
  for (let w = 0; w < words.length; w++) {
    let v = words[w];
    if (v === 0) continue;
    if (v === -1) {
      n += 32;
      continue;
    }
    v = v - ((v >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    n += (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
  }
  for (let i = words.length * 32; i < count; i++) if (testBit(bits, i)) n++;
  return n;
}

/**
 * True if any byte of [diskOffset, diskOffset + length) overlaps a used unit or lies outside the
 * filesystem (before `offset` or past `fsBytes`).
 * @example
 * isRangeUsed(map, map.offset, map.unitSize); // is the first unit used?
 */
export function isRangeUsed(map: UsedBlockMap, diskOffset: number, length: number): boolean {
  if (length <= 0) return false;
  const rel = diskOffset - map.offset;
  if (rel < 0 || rel + length > map.fsBytes) return true;
  const first = Math.floor(rel / map.unitSize);
  const last = Math.floor((rel + length - 1) / map.unitSize);
  return firstSetBit(map.bits, first, last - first + 1) !== -1;
}

/**
 * The byte ranges [start, end) inside the window that lie on free filesystem units, in disk
 * offsets, ordered and merged. Bytes outside the filesystem are never returned.
 */
export function freeRangesIn(map: UsedBlockMap, diskOffset: number, length: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const lo = Math.max(diskOffset, map.offset);
  const hi = Math.min(diskOffset + length, map.offset + map.fsBytes);
  if (hi <= lo) return out;
  let unit = Math.floor((lo - map.offset) / map.unitSize);
  const lastUnit = Math.floor((hi - 1 - map.offset) / map.unitSize);
  while (unit <= lastUnit) {
    if (testBit(map.bits, unit)) {
      const clear = firstClearBit(map.bits, unit, lastUnit - unit + 1);
      if (clear === -1) break;
      unit = clear;
      continue;
    }
    const nextUsed = firstSetBit(map.bits, unit, lastUnit - unit + 1);
    const end = nextUsed === -1 ? lastUnit + 1 : nextUsed;
    const start = Math.max(lo, map.offset + unit * map.unitSize);
    const stop = Math.min(hi, map.offset + end * map.unitSize);
    if (stop > start) out.push([start, stop]);
    unit = end;
  }
  return out;
}
