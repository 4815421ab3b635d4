/**
 * An ext inode as an {@link FsEntry}: type from i_mode, apparent size from i_size, allocated bytes
 * from i_blocks (inodes.rst: 512-byte units, or filesystem blocks with the HUGE_FILE flag), which is
 * what `du` and `debugfs stat`'s "Blockcount" report, and i_mtime with its extra epoch bits.
 * @module
 */
import { INODE_FLAG, MODE } from "../ext4/inode.ts";
import type { LoadedInode } from "../ext4/inode_table.ts";
import type { Superblock } from "../ext4/superblock.ts";
import type { FsEntry, FsEntryType } from "./fs_tree.ts";
import { u32 } from "../ext4/le.ts";

/** i_mtime, and i_mtime_extra (epoch bits 0–1, nanoseconds above) inside the large inode (inodes.rst). */
const MTIME_OFFSET = 0x10;
const MTIME_EXTRA_OFFSET = 0x88;
const GOOD_OLD_INODE_SIZE = 128;

const TYPES: Record<number, FsEntryType> = { [MODE.DIR]: "dir", [MODE.REG]: "file", [MODE.LNK]: "symlink" };

/** True when the inode is a directory. */
export function isDirectory(loaded: LoadedInode): boolean {
  return (loaded.inode.mode & MODE.TYPE_MASK) === MODE.DIR;
}

/** Bytes of blocks the inode holds, as `st_blocks × 512` would say. */
export function allocatedBytesOf(loaded: LoadedInode, sb: Superblock): number {
  const { inode } = loaded;
  return inode.flags & INODE_FLAG.HUGE_FILE ? inode.blocks * sb.blockSize : inode.blocks * 512;
}

function mtimeMs(raw: Uint8Array, extraIsize: number): number {
  const seconds = u32(raw, MTIME_OFFSET) | 0;
  if (raw.length < MTIME_EXTRA_OFFSET + 4 || GOOD_OLD_INODE_SIZE + extraIsize < MTIME_EXTRA_OFFSET + 4) return seconds * 1000;
  const extra = u32(raw, MTIME_EXTRA_OFFSET);
  return (seconds + (extra & 3) * 2 ** 32) * 1000 + Math.floor((extra >>> 2) / 1e6);
}

/** The entry for `loaded` found at `path` under `name`. */
export function entryOf(path: string, name: string, loaded: LoadedInode, sb: Superblock): FsEntry {
  const { inode, raw } = loaded;
  return {
    name,
    path,
    type: TYPES[inode.mode & MODE.TYPE_MASK] ?? "other",
    inode: inode.number,
    apparentBytes: inode.size,
    allocatedBytes: allocatedBytesOf(loaded, sb),
    nlink: inode.linksCount,
    mtimeMs: mtimeMs(raw, inode.extraIsize),
  };
}
