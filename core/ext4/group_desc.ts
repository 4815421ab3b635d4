/**
 * Block group descriptors (kernel Documentation/filesystems/ext4/group_descr.rst): 32 bytes, or
 * `s_desc_size` (64) with the 64BIT feature, and their two checksum flavours.
 * @module
 */
import { crc16 } from "./crc16.ts";
import { crc32cLe } from "../checksum/crc32c.ts";
import { RO_COMPAT } from "./features.ts";
import type { Superblock } from "./superblock.ts";
import { u16, u32 } from "./le.ts";

/** bg_flags bits (group_descr.rst). */
export const BG_INODE_UNINIT = 0x1;
export const BG_BLOCK_UNINIT = 0x2;

/** Offset of bg_checksum; the fields after it exist only in descriptors larger than 32 bytes. */
const CHECKSUM_OFFSET = 0x1e;
/** Ends of the _hi halves of the bitmap checksums: present only when desc_size reaches them. */
const BLOCK_BITMAP_CSUM_HI_END = 0x3a;
const INODE_BITMAP_CSUM_HI_END = 0x3c;

/** One parsed group descriptor. */
export interface GroupDesc {
  blockBitmap: number;
  inodeBitmap: number;
  inodeTable: number;
  freeBlocks: number;
  flags: number;
  blockBitmapCsum: number;
  inodeBitmapCsum: number;
  itableUnused: number;
  checksum: number;
}

/** Parses descriptor `d` (descSize bytes). The _hi halves are read only for descriptors of 64 bytes and more. */
export function parseGroupDesc(d: Uint8Array): GroupDesc {
  const wide = d.length >= 64;
  const hi32 = (o: number) => (wide ? u32(d, o) * 2 ** 32 : 0);
  const hi16 = (o: number) => (wide ? u16(d, o) * 65536 : 0);
  return {
    blockBitmap: u32(d, 0x0) + hi32(0x20),
    inodeBitmap: u32(d, 0x4) + hi32(0x24),
    inodeTable: u32(d, 0x8) + hi32(0x28),
    freeBlocks: u16(d, 0xc) + hi16(0x2c),
    flags: u16(d, 0x12),
    blockBitmapCsum: u16(d, 0x18) + (d.length >= BLOCK_BITMAP_CSUM_HI_END ? u16(d, 0x38) * 65536 : 0),
    inodeBitmapCsum: u16(d, 0x1a) + (d.length >= INODE_BITMAP_CSUM_HI_END ? u16(d, 0x3a) * 65536 : 0),
    itableUnused: u16(d, 0x1c) + hi16(0x32),
    checksum: u16(d, CHECKSUM_OFFSET),
  };
}

function le32(n: number): Uint8Array {
  return new Uint8Array([n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]);
}

/**
 * Computes bg_checksum for group `group` the way the kernel does (ext4_group_desc_csum): crc32c low
 * 16 bits under METADATA_CSUM, crc16 over uuid+group+descriptor under GDT_CSUM; undefined without either.
 */
export function groupDescChecksum(sb: Superblock, seed: number, group: number, d: Uint8Array): number | undefined {
  const zero = new Uint8Array(2);
  if (sb.roCompat & RO_COMPAT.METADATA_CSUM) {
    let c = crc32cLe(seed, le32(group));
    c = crc32cLe(c, d.subarray(0, CHECKSUM_OFFSET));
    c = crc32cLe(c, zero);
    c = crc32cLe(c, d.subarray(CHECKSUM_OFFSET + 2));
    return c & 0xffff;
  }
  if (sb.roCompat & RO_COMPAT.GDT_CSUM) {
    let c = crc16(0xffff, sb.uuid);
    c = crc16(c, le32(group));
    c = crc16(c, d.subarray(0, CHECKSUM_OFFSET));
    if (d.length > 32) c = crc16(c, d.subarray(32));
    return c;
  }
  return undefined;
}

/** Checksum of a bitmap as stored in the descriptor (crc32c, truncated to 16 bits for 32-byte descriptors). */
export function bitmapChecksumMatches(seed: number, bitmap: Uint8Array, stored: number, storedHasHi: boolean): boolean {
  const c = crc32cLe(seed, bitmap);
  return storedHasHi ? c === stored : (c & 0xffff) === stored;
}

/** True when a descriptor of this size stores the high half of the block bitmap checksum. */
export function hasBlockBitmapCsumHi(descSize: number): boolean {
  return descSize >= BLOCK_BITMAP_CSUM_HI_END;
}
/** True when a descriptor of this size stores the high half of the inode bitmap checksum. */
export function hasInodeBitmapCsumHi(descSize: number): boolean {
  return descSize >= INODE_BITMAP_CSUM_HI_END;
}
