/**
 * On-disk inodes (kernel Documentation/filesystems/ext4/inodes.rst): the fields that decide which
 * blocks an inode owns, and the inode checksum.
 * @module
 */
import { crc32cLe, crc32cLeWord } from "../checksum/crc32c.ts";
import { u16, u32 } from "./le.ts";

/** i_flags bits (inodes.rst "i_flags"). */
export const INODE_FLAG = { HUGE_FILE: 0x40000, EXTENTS: 0x80000, INLINE_DATA: 0x10000000 } as const;
/** File type bits of i_mode. */
export const MODE = { TYPE_MASK: 0xf000, REG: 0x8000, DIR: 0x4000, LNK: 0xa000 } as const;
/** Bytes of i_block (15 32-bit words). */
export const I_BLOCK_BYTES = 60;
/** Size of the ext2 "good old" inode; i_extra_isize counts from here. */
const GOOD_OLD_INODE_SIZE = 128;
const OFF = {
  mode: 0x0, sizeLo: 0x4, linksCount: 0x1a, blocksLo: 0x1c, flags: 0x20, block: 0x28, generation: 0x64,
  fileAclLo: 0x68, sizeHi: 0x6c, blocksHi: 0x74, fileAclHi: 0x76, checksumLo: 0x7c, extraIsize: 0x80, checksumHi: 0x82,
} as const;

/** The parsed fields of one inode. */
export interface Inode {
  number: number;
  mode: number;
  size: number;
  linksCount: number;
  /** i_blocks as stored (512-byte units unless HUGE_FILE says filesystem blocks). */
  blocks: number;
  flags: number;
  generation: number;
  fileAcl: number;
  /** The 60 bytes of i_block: extent tree root, block map, inline data or symlink target. */
  iBlock: Uint8Array;
  extraIsize: number;
}

/** Parses inode `number` from its on-disk bytes (s_inode_size long). */
export function parseInode(number: number, raw: Uint8Array): Inode {
  const extraIsize = raw.length > GOOD_OLD_INODE_SIZE ? u16(raw, OFF.extraIsize) : 0;
  return {
    number,
    mode: u16(raw, OFF.mode),
    size: u32(raw, OFF.sizeLo) + u32(raw, OFF.sizeHi) * 2 ** 32,
    linksCount: u16(raw, OFF.linksCount),
    blocks: u32(raw, OFF.blocksLo) + u16(raw, OFF.blocksHi) * 2 ** 32,
    flags: u32(raw, OFF.flags),
    generation: u32(raw, OFF.generation),
    fileAcl: u32(raw, OFF.fileAclLo) + u16(raw, OFF.fileAclHi) * 2 ** 32,
    iBlock: raw.subarray(OFF.block, OFF.block + I_BLOCK_BYTES),
    extraIsize,
  };
}

/** Two zero bytes, hashed in place of a checksum half. */
const ZERO16 = new Uint8Array(2);

/** The per-inode crc32c seed for inode and extent block checksums: crc32c(fs seed, inum, generation). */
export function inodeChecksumSeed(fsSeed: number, number: number, generation: number): number {
  return crc32cLeWord(crc32cLeWord(fsSeed, number), generation);
}

/**
 * Verifies the metadata_csum inode checksum: crc32c over the inode with both checksum halves zeroed;
 * 32 bits when i_extra_isize reaches i_checksum_hi, else the low 16. The halves are skipped and
 * zeros hashed in their place, so the inode bytes are never copied (the scans run this per inode).
 */
export function inodeChecksumMatches(fsSeed: number, inode: Inode, raw: Uint8Array): boolean {
  const stored16 = u16(raw, OFF.checksumLo);
  const hasHi = raw.length > GOOD_OLD_INODE_SIZE && inode.extraIsize >= OFF.checksumHi + 2 - GOOD_OLD_INODE_SIZE;
  let c = inodeChecksumSeed(fsSeed, inode.number, inode.generation);
  c = crc32cLe(c, raw, 0, OFF.checksumLo);
  c = crc32cLe(c, ZERO16);
  if (hasHi) {
    c = crc32cLe(c, raw, OFF.checksumLo + 2, OFF.checksumHi);
    c = crc32cLe(c, ZERO16);
    c = crc32cLe(c, raw, OFF.checksumHi + 2);
    return c === ((stored16 | (u16(raw, OFF.checksumHi) << 16)) >>> 0);
  }
  c = crc32cLe(c, raw, OFF.checksumLo + 2);
  return (c & 0xffff) === stored16;
}

/** True when i_extra_isize fits the inode (the kernel rejects inodes where it does not). */
export function extraIsizeFits(inode: Inode, inodeSize: number): boolean {
  return inodeSize === GOOD_OLD_INODE_SIZE || (GOOD_OLD_INODE_SIZE + inode.extraIsize <= inodeSize && inode.extraIsize % 4 === 0);
}
