/**
 * ORs a bitmap into a larger one at any bit position (ext4 group bitmaps start at block 1 on
 * 1 KiB-block filesystems, so they are not byte-aligned in the whole-filesystem map).
 * @module
 */

/** ORs bits [0, count) of `src` into `dst` starting at bit `dstStart`. */
export function orBitsAt(dst: Uint8Array, dstStart: number, src: Uint8Array, count: number): void {
  const shift = dstStart & 7;
  const base = dstStart >>> 3;
  const wholeBytes = count >>> 3;
  if (shift === 0) {
    for (let k = 0; k < wholeBytes; k++) dst[base + k] |= src[k];
  } else {
    for (let k = 0; k < wholeBytes; k++) {
      const v = src[k];
      dst[base + k] |= (v << shift) & 0xff;
      dst[base + k + 1] |= v >>> (8 - shift);
    }
  }
  for (let i = wholeBytes * 8; i < count; i++) {
    if (src[i >>> 3] & (1 << (i & 7))) {
      const d = dstStart + i;
      dst[d >>> 3] |= 1 << (d & 7);
    }
  }
}
