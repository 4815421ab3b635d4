/**
 * Little-endian readers for ext4's on-disk structures (every multi-byte field of ext2/3/4 is
 * little-endian: kernel Documentation/filesystems/ext4/about.rst). One place for them, so a
 * structure's parser names its fields and nothing else.
 * @module
 */

/**
 * The unsigned 16-bit little-endian value at `o`.
 * @example
 * u16(new Uint8Array([0x0a, 0xf3]), 0) // 0xf30a
 */
export const u16 = (b: Uint8Array, o: number): number => b[o] | (b[o + 1] << 8);

/**
 * The unsigned 32-bit little-endian value at `o`.
 * @example
 * u32(new Uint8Array([1, 0, 0, 0x80]), 0) // 0x80000001
 */
export const u32 = (b: Uint8Array, o: number): number => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

/**
 * A 64-bit value split into a low 32-bit field at `lo` and a high 32-bit field at `hi` (ext4 keeps
 * the halves apart, as in s_blocks_count_lo/_hi); exact up to 2^53.
 * @example
 * u32Pair(bytes, 0x04, 0x150) // s_blocks_count
 */
export const u32Pair = (b: Uint8Array, lo: number, hi: number): number => u32(b, lo) + u32(b, hi) * 2 ** 32;

/**
 * A 48-bit block number held as a low 32-bit field at `lo` and a high 16-bit field at `hi`
 * (extent entries: ee_start_lo/ee_start_hi, ei_leaf_lo/ei_leaf_hi; ifork.rst).
 * @example
 * u48(leaf, e + 8, e + 6) // ee_start
 */
export const u48 = (b: Uint8Array, lo: number, hi: number): number => u32(b, lo) + u16(b, hi) * 2 ** 32;
