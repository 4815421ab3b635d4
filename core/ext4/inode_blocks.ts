/**
 * Every block an inode owns: extent trees with their index blocks (kernel
 * Documentation/filesystems/ext4/ifork.rst), or the classic map of 12 direct and single, double and
 * triple indirect pointers, plus the extended-attribute block. Anything that does not parse is
 * reported as distrust: an unreadable tree may hide blocks.
 * @module
 */
import { crc32cLe } from "../checksum/crc32c.ts";
import { distrust } from "./distrust.ts";
import { INODE_FLAG, inodeChecksumSeed, MODE } from "./inode.ts";
import type { Inode } from "./inode.ts";
import type { Superblock } from "./superblock.ts";

/** eh_magic (ifork.rst). */
export const EXTENT_MAGIC = 0xf30a;
export const EXTENT_HEADER_SIZE = 12;
export const EXTENT_ENTRY_SIZE = 12;
/** The kernel never builds deeper trees (EXT4_MAX_EXTENT_DEPTH). */
export const MAX_EXTENT_DEPTH = 5;
/** ee_len above this marks an uninitialized (preallocated, still allocated) extent of ee_len - 32768 blocks. */
export const EXT_INIT_MAX_LEN = 32768;
/** i_block slots of the classic map. */
export const DIRECT_SLOTS = 12;
const INDIRECT_SLOT = 12;
/** Symlinks whose target fits in i_block store no blocks ("fast" symlinks). */
const FAST_SYMLINK_MAX = 60;

/** What walking needs: geometry, block reads, the checksum seed (metadata_csum) and where to report blocks. */
export interface BlockWalkContext {
  sb: Superblock;
  readBlock(block: number): Promise<Uint8Array>;
  /** Filesystem checksum seed when metadata_csum is on: extent block tails are then verified. */
  csumSeed?: number;
  /** Receives each run of blocks the inode owns (data, extent index/leaf, indirect and EA blocks). */
  onBlocks(start: number, count: number, inode: Inode): void;
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

/** Data blocks i_blocks accounts for, beyond the EA block; 0 for fast symlinks. */
function dataBlocks(sb: Superblock, inode: Inode): number {
  const sectorsPerBlock = sb.blockSize / 512;
  const huge = (inode.flags & INODE_FLAG.HUGE_FILE) !== 0;
  const blocks = huge ? inode.blocks : inode.blocks / sectorsPerBlock;
  return blocks - (inode.fileAcl ? sb.clusterRatio : 0);
}

/** True when i_block holds block pointers (not inline data, a fast symlink target or a device number). */
export function ownsBlockPointers(sb: Superblock, inode: Inode): boolean {
  if (inode.flags & INODE_FLAG.INLINE_DATA) return false;
  const type = inode.mode & MODE.TYPE_MASK;
  if (type === MODE.REG || type === MODE.DIR) return true;
  if (type === MODE.LNK) {
    if (inode.flags & INODE_FLAG.EXTENTS) return true;
    return !(inode.size < FAST_SYMLINK_MAX && dataBlocks(sb, inode) <= 0);
  }
  // Reserved inodes such as the bad-blocks inode (1) have no mode but may own blocks.
  return type === 0 && inode.number < sb.firstIno && inode.blocks !== 0;
}

/** Reports every block `inode` owns to `ctx.onBlocks`. */
export async function walkInodeBlocks(ctx: BlockWalkContext, inode: Inode): Promise<void> {
  if (inode.fileAcl) ctx.onBlocks(inode.fileAcl, 1, inode);
  if (!ownsBlockPointers(ctx.sb, inode)) return;
  if (inode.flags & INODE_FLAG.EXTENTS) await walkExtentNode(ctx, inode, inode.iBlock, -1);
  else await walkBlockMap(ctx, inode);
}

/** The physical block holding logical block 0 of an inode (the journal superblock), if mapped. */
export async function firstPhysicalBlock(ctx: BlockWalkContext, inode: Inode): Promise<number | undefined> {
  if (!(inode.flags & INODE_FLAG.EXTENTS)) return u32(inode.iBlock, 0) || undefined;
  let node = inode.iBlock;
  for (let level = 0; level <= MAX_EXTENT_DEPTH; level++) {
    const h = extentHeader(ctx, inode, node, -1);
    if (h.entries === 0) return undefined;
    const e = EXTENT_HEADER_SIZE;
    if (u32(node, e) !== 0) return undefined;
    if (h.depth === 0) return u32(node, e + 8) + u16(node, e + 6) * 2 ** 32;
    node = await readExtentBlock(ctx, inode, u32(node, e + 4) + u16(node, e + 8) * 2 ** 32);
  }
  return undefined;
}

interface ExtentHeader {
  entries: number;
  depth: number;
}

function extentHeader(ctx: BlockWalkContext, inode: Inode, node: Uint8Array, expectedDepth: number): ExtentHeader {
  const where = `inode ${inode.number}`;
  if (u16(node, 0) !== EXTENT_MAGIC) distrust(`${where}: extent header magic missing`);
  const entries = u16(node, 2);
  const max = u16(node, 4);
  const depth = u16(node, 6);
  const capacity = Math.floor((node.length - EXTENT_HEADER_SIZE) / EXTENT_ENTRY_SIZE);
  if (max > capacity || entries > max) distrust(`${where}: extent node claims ${entries}/${max} entries in room for ${capacity}`);
  if (depth > MAX_EXTENT_DEPTH || (expectedDepth >= 0 && depth !== expectedDepth)) distrust(`${where}: extent tree depth ${depth} is inconsistent`);
  return { entries, depth };
}

async function readExtentBlock(ctx: BlockWalkContext, inode: Inode, block: number): Promise<Uint8Array> {
  ctx.onBlocks(block, 1, inode);
  const b = await ctx.readBlock(block);
  if (ctx.csumSeed !== undefined) {
    const max = u16(b, 4);
    const tail = EXTENT_HEADER_SIZE + max * EXTENT_ENTRY_SIZE;
    if (u16(b, 0) !== EXTENT_MAGIC || tail + 4 > b.length) distrust(`inode ${inode.number}: extent block ${block} is not an extent block`);
    const expected = crc32cLe(inodeChecksumSeed(ctx.csumSeed, inode.number, inode.generation), b.subarray(0, tail));
    if (expected !== u32(b, tail)) distrust(`inode ${inode.number}: extent block ${block} checksum mismatch`);
  }
  return b;
}

async function walkExtentNode(ctx: BlockWalkContext, inode: Inode, node: Uint8Array, expectedDepth: number): Promise<void> {
  const { entries, depth } = extentHeader(ctx, inode, node, expectedDepth);
  for (let i = 0; i < entries; i++) {
    const e = EXTENT_HEADER_SIZE + i * EXTENT_ENTRY_SIZE;
    if (depth === 0) {
      const raw = u16(node, e + 4);
      const len = raw > EXT_INIT_MAX_LEN ? raw - EXT_INIT_MAX_LEN : raw;
      if (len === 0) distrust(`inode ${inode.number}: zero-length extent`);
      ctx.onBlocks(u32(node, e + 8) + u16(node, e + 6) * 2 ** 32, len, inode);
    } else {
      const child = await readExtentBlock(ctx, inode, u32(node, e + 4) + u16(node, e + 8) * 2 ** 32);
      await walkExtentNode(ctx, inode, child, depth - 1);
    }
  }
}

async function walkBlockMap(ctx: BlockWalkContext, inode: Inode): Promise<void> {
  for (let i = 0; i < DIRECT_SLOTS; i++) {
    const p = u32(inode.iBlock, i * 4);
    if (p) ctx.onBlocks(p, 1, inode);
  }
  for (let level = 1; level <= 3; level++) {
    const p = u32(inode.iBlock, (INDIRECT_SLOT + level - 1) * 4);
    if (p) await walkIndirect(ctx, inode, p, level);
  }
}

async function walkIndirect(ctx: BlockWalkContext, inode: Inode, block: number, level: number): Promise<void> {
  ctx.onBlocks(block, 1, inode);
  const b = await ctx.readBlock(block);
  let runStart = 0;
  let runLen = 0;
  for (let o = 0; o < b.length; o += 4) {
    const p = u32(b, o);
    if (!p) continue;
    if (level > 1) {
      await walkIndirect(ctx, inode, p, level - 1);
    } else if (runLen > 0 && p === runStart + runLen) {
      runLen++;
    } else {
      if (runLen > 0) ctx.onBlocks(runStart, runLen, inode);
      runStart = p;
      runLen = 1;
    }
  }
  if (runLen > 0) ctx.onBlocks(runStart, runLen, inode);
}
