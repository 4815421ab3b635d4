/**
 * Lists a directory inode: inline (the entries live in the inode), linear (every block is a leaf)
 * or hashed (the htree index is checked and skipped, every leaf is read). Encrypted directories are
 * refused: their names cannot be read without the key. Work is bounded by the directory's size.
 * @module
 */
import { distrust } from "./distrust.ts";
import { INCOMPAT } from "./features.ts";
import { mapFileRuns } from "./file_map.ts";
import type { FileRun } from "./file_map.ts";
import { parseDirEntries, parseLeafBlock } from "./dir_block.ts";
import type { DirEntry } from "./dir_block.ts";
import { htreeIndexBlocks, MAX_INDIRECT_LEVELS, MAX_INDIRECT_LEVELS_LARGEDIR } from "./htree.ts";
import { inlineDataTail } from "./inline_data.ts";
import { I_BLOCK_BYTES, INODE_FLAG, inodeChecksumSeed, MODE } from "./inode.ts";
import type { LoadedInode } from "./inode_table.ts";
import { MAX_READ_BYTES, readBlocks } from "./volume.ts";
import type { Volume } from "./volume.ts";

/** i_flags bits that change how a directory reads (inodes.rst "i_flags"). */
export const DIR_FLAG = { INDEX: 0x1000, ENCRYPT: 0x800, CASEFOLD: 0x40000000 } as const;
/** s_feature_compat dir_index (super.rst): hashed directories are in use. */
const COMPAT_DIR_INDEX = 0x20;
/** Largest directory listed: millions of names; beyond it the listing alone would not fit in memory. */
export const MAX_DIR_BYTES = 128 * 1024 ** 2;
/** The parent inode number that starts an inline directory's i_block. */
const INLINE_PARENT_BYTES = 4;

/**
 * The live entries of directory `dir`, without "." and "..", in on-disk order.
 * Distrusts (with the reason) what cannot be read reliably.
 */
export async function readDirectory(vol: Volume, dir: LoadedInode): Promise<DirEntry[]> {
  const { inode } = dir;
  const where = `directory inode ${inode.number}`;
  if ((inode.mode & MODE.TYPE_MASK) !== MODE.DIR) distrust(`${where} is not a directory`);
  if (inode.flags & DIR_FLAG.ENCRYPT) distrust(`${where} is encrypted (fscrypt): its names cannot be read without the key`);
  const out: DirEntry[] = [];
  if (inode.flags & INODE_FLAG.INLINE_DATA) readInline(dir, vol.sb.blockSize, where, out);
  else await readBlocksOf(vol, dir, where, out);
  return out.filter((e) => e.name !== "." && e.name !== "..");
}

function readInline(dir: LoadedInode, blockSize: number, where: string, out: DirEntry[]): void {
  // i_block: the parent's inode number, then entries filling the other 56 bytes; more in system.data.
  parseDirEntries(dir.inode.iBlock.subarray(INLINE_PARENT_BYTES, I_BLOCK_BYTES), blockSize, `${where} (inline)`, out);
  const tail = inlineDataTail(dir);
  if (tail.length > 0) parseDirEntries(tail, blockSize, `${where} (inline xattr)`, out);
}

async function readBlocksOf(vol: Volume, dir: LoadedInode, where: string, out: DirEntry[]): Promise<void> {
  const { sb } = vol;
  const { inode } = dir;
  if (inode.size > MAX_DIR_BYTES || inode.size > sb.blocksCount * sb.blockSize) distrust(`${where} claims ${inode.size} bytes: too large to list`);
  const blockCount = Math.ceil(inode.size / sb.blockSize);
  const runs = (await mapFileRuns(vol, inode, blockCount)).filter((r) => !r.unwritten);
  const seed = vol.csumSeed === undefined ? undefined : inodeChecksumSeed(vol.csumSeed, inode.number, inode.generation);
  let index = new Set<number>();
  // The kernel honours the index flag only on filesystems with dir_index (is_dx_dir); elsewhere it is stale.
  if ((inode.flags & DIR_FLAG.INDEX) && (sb.compat & COMPAT_DIR_INDEX)) {
    const maxIndirect = (sb.incompat & INCOMPAT.LARGEDIR) ? MAX_INDIRECT_LEVELS_LARGEDIR : MAX_INDIRECT_LEVELS;
    index = await htreeIndexBlocks((n) => readLogical(vol, runs, n), blockCount, maxIndirect, seed, where);
  }
  // Leaves stream through in bounded reads; holes (unmapped blocks) hold no entries, as in the kernel's readdir.
  const maxRun = Math.max(1, Math.floor(MAX_READ_BYTES / sb.blockSize));
  for (const run of runs) {
    for (let k = 0; k < run.length; k += maxRun) {
      const n = Math.min(maxRun, run.length - k);
      const bytes = await readBlocks(vol, run.physical + k, n);
      for (let j = 0; j < n; j++) {
        const logical = run.logical + k + j;
        if (index.has(logical)) continue;
        parseLeafBlock(bytes.subarray(j * sb.blockSize, (j + 1) * sb.blockSize), seed, `${where} block ${logical}`, out);
      }
    }
  }
}

async function readLogical(vol: Volume, runs: readonly FileRun[], logical: number): Promise<Uint8Array | undefined> {
  const run = runs.find((r) => logical >= r.logical && logical < r.logical + r.length);
  return run ? await readBlocks(vol, run.physical + logical - run.logical, 1) : undefined;
}
