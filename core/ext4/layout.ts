/**
 * Where each block group keeps its superblock and descriptor copies (kernel
 * Documentation/filesystems/ext4/blockgroup.rst, "Redundant Backups" and "Meta Block Groups";
 * e2fsprogs lib/ext2fs/closefs.c `ext2fs_super_and_bgd_loc2`).
 * @module
 */
import { COMPAT, INCOMPAT, RO_COMPAT } from "./features.ts";
import type { Superblock } from "./superblock.ts";

/** A run of blocks: [start, start + count). */
export type BlockRun = readonly [start: number, count: number];

function isPowerOf(n: number, base: number): boolean {
  let p = base;
  while (p < n) p *= base;
  return p === n;
}

/** True when `group` holds a superblock copy (sparse_super: 0, 1 and powers of 3, 5, 7; sparse_super2: the two listed groups). */
export function groupHasSuper(sb: Superblock, group: number): boolean {
  if (group === 0) return true;
  if (sb.compat & COMPAT.SPARSE_SUPER2) return group === sb.backupBgs[0] || group === sb.backupBgs[1];
  if (group === 1 || !(sb.roCompat & RO_COMPAT.SPARSE_SUPER)) return true;
  if ((group & 1) === 0) return false;
  return isPowerOf(group, 3) || isPowerOf(group, 5) || isPowerOf(group, 7);
}

/** First block of a group. */
export function groupFirstBlock(sb: Superblock, group: number): number {
  return sb.firstDataBlock + group * sb.blocksPerGroup;
}

/**
 * Block where a group's superblock copy would sit: its first block, except that with 1 KiB blocks
 * and bigalloc group 0 starts at block 0 while the superblock is at byte 1024, block 1
 * (e2fsprogs closefs.c notes the same case).
 */
function groupSuperBlock(sb: Superblock, group: number): number {
  const first = groupFirstBlock(sb, group);
  return first === 0 && sb.blockSize === 1024 ? 1 : first;
}

/** Number of blocks in a group (the last one may be short). */
export function groupBlockCount(sb: Superblock, group: number): number {
  return Math.min(sb.blocksPerGroup, sb.blocksCount - groupFirstBlock(sb, group));
}

/** Descriptor blocks laid out the old way (right after the superblock copies). */
function oldDescBlocks(sb: Superblock): number {
  return (sb.incompat & INCOMPAT.META_BG) ? Math.min(sb.firstMetaBg, sb.descBlocks) : sb.descBlocks;
}

/**
 * Superblock copy, descriptor copies and reserved GDT blocks a group carries at its start.
 * Reserved GDT blocks are counted with the old-layout copies even under META_BG (the kernel's
 * `ext4_num_base_meta_blocks` does; e2fsprogs does not): a block too many marked used is harmless.
 */
export function groupBaseMetadata(sb: Superblock, group: number): BlockRun[] {
  const start = groupSuperBlock(sb, group);
  const runs: BlockRun[] = [];
  const hasSuper = groupHasSuper(sb, group);
  // With 1 KiB blocks group 0 starts at block 1; block 0 (boot block) is outside all groups.
  if (hasSuper) runs.push([start, 1]);
  const metaGroup = Math.floor(group / sb.descsPerBlock);
  const metaBg = (sb.incompat & INCOMPAT.META_BG) !== 0;
  if (!metaBg || metaGroup < sb.firstMetaBg) {
    if (hasSuper) runs.push([start + 1, oldDescBlocks(sb) + sb.reservedGdtBlocks]);
  } else {
    const idx = group % sb.descsPerBlock;
    if (idx === 0 || idx === 1 || idx === sb.descsPerBlock - 1) runs.push([start + (hasSuper ? 1 : 0), 1]);
  }
  return runs.map(([s, n]) => [s, Math.max(0, Math.min(n, sb.blocksCount - s))] as const).filter(([, n]) => n > 0);
}

/** The block holding primary descriptor block `i` (e2fsprogs `ext2fs_descriptor_block_loc2` for the primary copy). */
export function primaryDescBlock(sb: Superblock, i: number): number {
  const first = groupSuperBlock(sb, 0) + 1;
  if (!(sb.incompat & INCOMPAT.META_BG) || i < sb.firstMetaBg) return first + i;
  const group = i * sb.descsPerBlock;
  return groupSuperBlock(sb, group) + (groupHasSuper(sb, group) ? 1 : 0);
}

/** Blocks one group's inode table spans. */
export function inodeTableBlocks(sb: Superblock): number {
  return Math.ceil((sb.inodesPerGroup * sb.inodeSize) / sb.blockSize);
}
