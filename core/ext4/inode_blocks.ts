/**
 * Every block an inode owns: extent trees with their index blocks (kernel
 * Documentation/filesystems/ext4/ifork.rst), or the classic map of 12 direct and single, double and
 * triple indirect pointers, plus the extended-attribute block. Anything that does not parse is
 * reported as distrust: an unreadable tree may hide blocks.
 * @module
 */
import { INODE_FLAG, MODE } from "./inode.ts";
import type { Inode } from "./inode.ts";
import { u32 } from "./le.ts";
import { walkMap, walkMapNow } from "./map_walk.ts";
import type { MapSink, MapSource } from "./map_walk.ts";
import type { Superblock } from "./superblock.ts";

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

function mapSource(ctx: BlockWalkContext): MapSource {
  return { blockSize: ctx.sb.blockSize, readBlock: ctx.readBlock, csumSeed: ctx.csumSeed };
}

/** Hands an inode's blocks to `onBlocks`, physically contiguous data runs joined. */
class OwnedRuns implements MapSink {
  readonly #ctx: BlockWalkContext;
  readonly #inode: Inode;
  #start = 0;
  #length = 0;

  constructor(ctx: BlockWalkContext, inode: Inode) {
    this.#ctx = ctx;
    this.#inode = inode;
  }

  data(_logical: number, physical: number, length: number): void {
    if (this.#length > 0 && physical === this.#start + this.#length) {
      this.#length += length;
      return;
    }
    this.flush();
    this.#start = physical;
    this.#length = length;
  }

  mapBlock(block: number): void {
    this.flush();
    this.#ctx.onBlocks(block, 1, this.#inode);
  }

  flush(): void {
    if (this.#length > 0) this.#ctx.onBlocks(this.#start, this.#length, this.#inode);
    this.#length = 0;
  }
}

/** Reports every block `inode` owns to `ctx.onBlocks` (physically contiguous data blocks as one run). */
export async function walkInodeBlocks(ctx: BlockWalkContext, inode: Inode): Promise<void> {
  if (inode.fileAcl) ctx.onBlocks(inode.fileAcl, 1, inode);
  if (!ownsBlockPointers(ctx.sb, inode)) return;
  const runs = new OwnedRuns(ctx, inode);
  await walkMap(mapSource(ctx), inode, Infinity, runs);
  runs.flush();
}

/**
 * Does what {@link walkInodeBlocks} does when the inode's block map sits wholly in i_block (most
 * files), without waiting; returns false, having reported nothing, when it needs block reads.
 */
export function walkInodeBlocksNow(ctx: BlockWalkContext, inode: Inode): boolean {
  const runs = new OwnedRuns(ctx, inode);
  if (ownsBlockPointers(ctx.sb, inode) && !walkMapNow(mapSource(ctx), inode, Infinity, runs)) return false;
  runs.flush();
  if (inode.fileAcl) ctx.onBlocks(inode.fileAcl, 1, inode);
  return true;
}

/** The physical block holding logical block 0 of an inode (the journal superblock), if mapped. */
export async function firstPhysicalBlock(ctx: BlockWalkContext, inode: Inode): Promise<number | undefined> {
  if (!(inode.flags & INODE_FLAG.EXTENTS)) return u32(inode.iBlock, 0) || undefined;
  let first: number | undefined;
  await walkMap(mapSource(ctx), inode, 1, {
    data(logical, physical) {
      if (logical === 0) first = physical;
    },
    mapBlock(block) {
      ctx.onBlocks(block, 1, inode);
    },
  });
  return first;
}
