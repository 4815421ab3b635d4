/**
 * The cross-check: walks every in-use inode (inode bitmaps, then inode tables up to the last used
 * inode of each group) and confirms that every block it owns is in the used map. A referenced block
 * marked free is what e2fsck pass 5 reports as a block bitmap difference "+N": the bitmap lies, refuse.
 * @module
 */
import { distrust } from "./distrust.ts";
import { hasGroupChecksums, RO_COMPAT } from "./features.ts";
import { BG_INODE_UNINIT, bitmapChecksumMatches, hasInodeBitmapCsumHi } from "./group_desc.ts";
import type { GroupDesc } from "./group_desc.ts";
import { extraIsizeFits, inodeChecksumMatches, parseInode } from "./inode.ts";
import type { Inode } from "./inode.ts";
import { walkInodeBlocks, walkInodeBlocksNow } from "./inode_blocks.ts";
import type { BlockWalkContext } from "./inode_blocks.ts";
import { firstClearBit, testBit } from "../disk/used_block_map.ts";
import type { UsedUnits } from "./used_map_builder.ts";
import { readBlocks, readEachBlock } from "./volume.ts";
import type { Volume } from "./volume.ts";

/** Counts of what the cross-check walked (for reports and tests). */
export interface CrossCheckStats {
  inodes: number;
  blockRuns: number;
}

/** Verifies that the blocks of every in-use inode are marked used; throws Distrust otherwise. */
export async function crossCheck(vol: Volume, groups: GroupDesc[], used: UsedUnits): Promise<CrossCheckStats> {
  const stats: CrossCheckStats = { inodes: 0, blockRuns: 0 };
  const ctx = walkContext(vol, used, stats);
  const inodeBitmaps = await readInodeBitmaps(vol, groups);
  for (const [g, bitmap] of inodeBitmaps) {
    const last = lastSetBit(bitmap, vol.sb.inodesPerGroup);
    if (last < 0) continue;
    if (hasGroupChecksums(vol.sb) && last >= vol.sb.inodesPerGroup - groups[g].itableUnused) {
      distrust(`group ${g} marks inode ${g * vol.sb.inodesPerGroup + last + 1} used beyond its unused-inode mark`);
    }
    // The table is read in bounded windows, the next one read while this one is parsed: a group's
    // whole table (4+ MiB on a full disk) at once let read buffers pile up faster than they were freed.
    const perWindow = windowInodes(vol);
    let next: Promise<Uint8Array> | undefined = readInodeWindow(vol, groups[g], 0, Math.min(perWindow, last + 1));
    for (let first = 0; first <= last; first += perWindow) {
      const table = await next!;
      const after = first + perWindow;
      next = after <= last ? readInodeWindow(vol, groups[g], after, Math.min(perWindow, last + 1 - after)) : undefined;
      next?.catch(() => {}); // awaited next round; not unhandled when this window's inodes throw first
      const end = Math.min(last, after - 1);
      for (let j = first; j <= end; j++) {
        if (!testBit(bitmap, j)) continue;
        const at = (j - first) * vol.sb.inodeSize;
        const raw = table.subarray(at, at + vol.sb.inodeSize);
        const inode = checkedInode(vol, g * vol.sb.inodesPerGroup + j + 1, raw);
        if (!walkInodeBlocksNow(ctx, inode)) await walkInodeBlocks(ctx, inode);
        stats.inodes++;
      }
    }
  }
  return stats;
}

/** Bytes of inode table the cross-check reads at once (whole blocks). */
const WINDOW_BYTES = 512 * 1024;

/** Inodes per window: a whole number of blocks, so every window starts on a block. */
function windowInodes(vol: Volume): number {
  const { blockSize, inodeSize } = vol.sb;
  return Math.max(1, Math.floor(WINDOW_BYTES / blockSize)) * (blockSize / inodeSize);
}

/** Reads `count` inodes of a group's table from slot `first` (a multiple of the inodes per block). */
async function readInodeWindow(vol: Volume, d: GroupDesc, first: number, count: number): Promise<Uint8Array> {
  const perBlock = vol.sb.blockSize / vol.sb.inodeSize;
  const bytes = count * vol.sb.inodeSize;
  return (await readBlocks(vol, d.inodeTable + first / perBlock, Math.ceil(bytes / vol.sb.blockSize))).subarray(0, bytes);
}

/** Parses an inode and verifies it (extra size, and checksum under metadata_csum). */
export function checkedInode(vol: Volume, number: number, raw: Uint8Array): Inode {
  const inode = parseInode(number, raw);
  if (!extraIsizeFits(inode, vol.sb.inodeSize)) distrust(`inode ${number} has an impossible extra size ${inode.extraIsize}`);
  if (vol.csumSeed !== undefined && !inodeChecksumMatches(vol.csumSeed, inode, raw)) distrust(`inode ${number} checksum mismatch: run e2fsck`);
  return inode;
}

function walkContext(vol: Volume, used: UsedUnits, stats: CrossCheckStats): BlockWalkContext {
  const { sb } = vol;
  return {
    sb,
    csumSeed: vol.csumSeed,
    readBlock: (block) => readBlocks(vol, block, 1),
    onBlocks(start, count, inode) {
      stats.blockRuns++;
      if (!Number.isSafeInteger(start) || start < sb.firstDataBlock || start + count > sb.blocksCount) {
        distrust(`inode ${inode.number} points at blocks ${start}+${count}, outside the filesystem`);
      }
      const first = Math.floor(start / sb.clusterRatio);
      const units = Math.floor((start + count - 1) / sb.clusterRatio) - first + 1;
      const free = firstClearBit(used.bits, first, units);
      if (free !== -1) {
        distrust(`inode ${inode.number} uses block ${Math.max(start, free * sb.clusterRatio)}, which the block bitmap marks free: run e2fsck`);
      }
    },
  };
}

/** Reads the inode bitmaps of groups that may hold inodes; verifies their checksums under metadata_csum. */
async function readInodeBitmaps(vol: Volume, groups: GroupDesc[]): Promise<Array<[number, Uint8Array]>> {
  const { sb } = vol;
  const wanted = groups.map((_, g) => g).filter((g) => !(hasGroupChecksums(sb) && groups[g].flags & BG_INODE_UNINIT));
  const verify = (sb.roCompat & RO_COMPAT.METADATA_CSUM) !== 0 && vol.csumSeed !== undefined;
  const out: Array<[number, Uint8Array]> = [];
  await readEachBlock(vol, wanted.map((g) => groups[g].inodeBitmap), (i, block) => {
    const g = wanted[i];
    const bitmap = block.slice(0, Math.ceil(sb.inodesPerGroup / 8));
    if (verify && !bitmapChecksumMatches(vol.csumSeed!, bitmap, groups[g].inodeBitmapCsum, hasInodeBitmapCsumHi(sb.descSize))) {
      distrust(`group ${g} inode bitmap checksum mismatch: run e2fsck`);
    }
    out.push([g, bitmap]);
  });
  return out.sort((a, b) => a[0] - b[0]);
}

/** Reads the first `count` inodes of a group's inode table in one go. */
export async function readInodeTablePrefix(vol: Volume, d: GroupDesc, count: number): Promise<Uint8Array> {
  const bytes = count * vol.sb.inodeSize;
  const blocks = Math.ceil(bytes / vol.sb.blockSize);
  return (await readBlocks(vol, d.inodeTable, blocks)).subarray(0, bytes);
}

function lastSetBit(bits: Uint8Array, count: number): number {
  for (let byte = Math.ceil(count / 8) - 1; byte >= 0; byte--) {
    if (bits[byte] === 0) continue;
    for (let b = 7; b >= 0; b--) {
      const i = byte * 8 + b;
      if (i < count && bits[byte] & (1 << b)) return i;
    }
  }
  return -1;
}
