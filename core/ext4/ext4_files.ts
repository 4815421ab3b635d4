/**
 * The files of an ext2/3/4 filesystem, read-only: inodes by number, directory listings, path
 * lookup from the root inode (2), and the bytes of small files and symlinks. Refuses a filesystem
 * whose incompatible features it does not know; read-only-compatible ones are, by definition,
 * safe to read. Everything it cannot read reliably surfaces as {@link Distrust} with the reason.
 * @module
 */
import type { VirtualDisk } from "../io/virtual_disk.ts";
import { distrust } from "./distrust.ts";
import { INCOMPAT, RO_COMPAT } from "./features.ts";
import { DIR_FLAG, readDirectory } from "./dir_reader.ts";
import type { DirEntry } from "./dir_block.ts";
import { mapFileRuns } from "./file_map.ts";
import { readGroupDescs } from "./groups.ts";
import { inlineBytes } from "./inline_data.ts";
import { I_BLOCK_BYTES, INODE_FLAG, MODE } from "./inode.ts";
import { InodeTable } from "./inode_table.ts";
import type { LoadedInode } from "./inode_table.ts";
import { locateFilesystem } from "../disk/locate_filesystem.ts";
import type { SignatureType } from "../disk/signatures.ts";
import { checksumSeed, parseSuperblock, STATE_ERROR, STATE_VALID, SUPERBLOCK_OFFSET, SUPERBLOCK_SIZE, superblockChecksumDistrust } from "./superblock.ts";
import type { Superblock } from "./superblock.ts";
import { readBlocks } from "./volume.ts";
import type { Volume } from "./volume.ts";

/** The signatures this reader reads. */
const EXT_ONLY: ReadonlySet<SignatureType> = new Set(["ext"]);

/** The root directory's inode (super.rst, "Special inodes"). */
export const ROOT_INODE = 2;

/** Incompat features whose on-disk format this reader follows (the rest make it refuse). */
const READABLE_INCOMPAT = INCOMPAT.FILETYPE | INCOMPAT.RECOVER | INCOMPAT.META_BG | INCOMPAT.EXTENTS | INCOMPAT.BIT64 |
  INCOMPAT.MMP | INCOMPAT.FLEX_BG | INCOMPAT.EA_INODE | INCOMPAT.CSUM_SEED | INCOMPAT.LARGEDIR | INCOMPAT.INLINE_DATA |
  INCOMPAT.ENCRYPT | INCOMPAT.CASEFOLD;

/** An opened filesystem and what a reader of it should know. */
export interface Ext4Files {
  vol: Volume;
  /** Things that make figures less certain but do not stop reading (journal not replayed, errors recorded). */
  warnings: string[];
  /** Bytes the filesystem counts as used (blocks − free blocks in the superblock). */
  usedBytes: number;
  inode(n: number): Promise<LoadedInode>;
  /** Inode `n` when its part of the inode table is already read (no waiting), else undefined: then call `inode`. */
  inodeIfRead(n: number): LoadedInode | undefined;
  /** Live entries of a directory, without "." and "..". */
  list(dir: LoadedInode): Promise<DirEntry[]>;
  /** The inode at an absolute path (no symlinks followed), or null when a component is absent. */
  lookup(path: string): Promise<LoadedInode | null>;
  /** The bytes of a regular file or symlink of at most `maxBytes`. */
  readData(file: LoadedInode, maxBytes: number): Promise<Uint8Array>;
}

/**
 * Opens the ext filesystem on `disk` for reading files.
 * @returns the opened filesystem, or the one-line reason it cannot be read
 * @example
 * const fs = await openExt4Files(vhdx);
 * if (typeof fs !== "string") console.log((await fs.list(await fs.inode(2))).map((e) => e.name));
 */
export async function openExt4Files(disk: VirtualDisk): Promise<Ext4Files | string> {
  const loc = await locateFilesystem(disk, EXT_ONLY);
  if (loc.kind === "other") return `the disk holds a ${loc.type} filesystem; only ext2/3/4 can be read`;
  if (loc.kind === "none") return "the disk holds no filesystem";
  if (loc.kind === "unknown") return loc.reason;
  const raw = await disk.readAt(loc.offset + SUPERBLOCK_OFFSET, SUPERBLOCK_SIZE);
  const sb = parseSuperblock(raw);
  if (typeof sb === "string") return `the ext superblock is not valid (${sb})`;
  const refusal = readRefusal(sb, raw);
  if (refusal) return refusal;
  const vol: Volume = { disk, offset: loc.offset, sb, csumSeed: (sb.roCompat & RO_COMPAT.METADATA_CSUM) ? checksumSeed(sb) : undefined };
  const groups = await readGroupDescs(vol);
  const table = new InodeTable(vol, groups);
  return {
    vol,
    warnings: readWarnings(sb),
    usedBytes: (sb.blocksCount - sb.freeBlocksCount) * sb.blockSize,
    inode: (n) => table.load(n),
    inodeIfRead: (n) => table.loadIfRead(n),
    list: (dir) => readDirectory(vol, dir),
    lookup: (path) => lookup(vol, table, path),
    readData: (file, maxBytes) => readData(vol, file, maxBytes),
  };
}

function readRefusal(sb: Superblock, raw: Uint8Array): string | undefined {
  const bad = superblockChecksumDistrust(sb, raw);
  if (bad) return bad;
  if (sb.incompat & INCOMPAT.JOURNAL_DEV) return "this is an external journal device, not a filesystem";
  const unknown = sb.incompat & ~READABLE_INCOMPAT;
  if (unknown) return `unknown incompatible ext4 features 0x${unknown.toString(16)}: its files cannot be read safely`;
  return undefined;
}

function readWarnings(sb: Superblock): string[] {
  const out: string[] = [];
  if (sb.incompat & INCOMPAT.RECOVER) out.push("the journal was not replayed (the disk was not shut down cleanly): recent changes may be missing");
  else if (!(sb.state & STATE_VALID)) out.push("the filesystem was not cleanly unmounted: figures may be slightly stale");
  if (sb.state & STATE_ERROR) out.push("the filesystem has recorded errors: run e2fsck");
  return out;
}

async function lookup(vol: Volume, table: InodeTable, path: string): Promise<LoadedInode | null> {
  let current = await table.load(ROOT_INODE);
  for (const name of path.split("/").filter((p) => p !== "" && p !== ".")) {
    if ((current.inode.mode & MODE.TYPE_MASK) !== MODE.DIR) return null;
    const entry = (await readDirectory(vol, current)).find((e) => e.name === name);
    if (!entry) return null;
    current = await table.load(entry.inode);
  }
  return current;
}

/** Fast symlinks hold no blocks beyond an xattr block; their target sits in i_block (the kernel's ext4_inode_is_fast_symlink). */
function isFastSymlink(sb: Superblock, file: LoadedInode): boolean {
  const { inode } = file;
  const eaSectors = inode.fileAcl ? (sb.blockSize * sb.clusterRatio) / 512 : 0;
  return (inode.mode & MODE.TYPE_MASK) === MODE.LNK && !(inode.flags & INODE_FLAG.INLINE_DATA) && inode.blocks - eaSectors === 0;
}

async function readData(vol: Volume, file: LoadedInode, maxBytes: number): Promise<Uint8Array> {
  const { inode } = file;
  const where = `inode ${inode.number}`;
  if (inode.size > maxBytes) distrust(`${where} is ${inode.size} bytes, more than the ${maxBytes} this reader loads`);
  if (inode.flags & DIR_FLAG.ENCRYPT) distrust(`${where} is encrypted (fscrypt): its contents cannot be read without the key`);
  if (inode.flags & INODE_FLAG.INLINE_DATA) return inlineBytes(file);
  if (isFastSymlink(vol.sb, file)) return inode.iBlock.slice(0, inode.size);
  const bs = vol.sb.blockSize;
  const out = new Uint8Array(inode.size);
  for (const run of await mapFileRuns(vol, inode, Math.ceil(inode.size / bs))) {
    if (run.unwritten) continue;
    const bytes = await readBlocks(vol, run.physical, run.length);
    const at = run.logical * bs;
    out.set(bytes.subarray(0, Math.min(bytes.length, out.length - at)), at);
  }
  return out;
}
