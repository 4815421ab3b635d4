/**
 * {@link FsTree} over the ext2/3/4 filesystem inside a VHDX (or any {@link VirtualDisk}), read-only:
 * the VHDX is opened for reading and an unreplayed log is replayed in memory only. Directory paths
 * resolve through a cache of the directories already listed, so a walk never re-reads ancestors.
 * @module
 */
import type { BlockFile } from "../io/block_file.ts";
import type { VirtualDisk } from "../io/virtual_disk.ts";
import { FsPathError, UnreadableFilesystemError } from "../errors.ts";
import { Distrust } from "../ext4/distrust.ts";
import { openExt4Files, ROOT_INODE } from "../ext4/ext4_files.ts";
import type { Ext4Files } from "../ext4/ext4_files.ts";
import type { DirEntry } from "../ext4/dir_block.ts";
import type { LoadedInode } from "../ext4/inode_table.ts";
import { openVhdx } from "../vhdx/open_vhdx.ts";
import { fsPathParts, joinFsPath, normalizeFsPath } from "./fs_tree.ts";
import type { FsEntry, FsTree } from "./fs_tree.ts";
import { entryOf, isDirectory } from "./inode_entry.ts";

/** Directory listings kept for repeated stat/readFile calls in the same folders (small folders only: memory stays bounded). */
const LISTING_CACHE = 16;
const LISTING_CACHE_MAX_ENTRIES = 4096;

/** What opening a disk's files needs from the host: a file opened read-only. */
export interface DiskOpener {
  fs: { open(path: string, mode: "read"): Promise<BlockFile> };
}

/** An ext filesystem inside a disk, as a read-only tree, with what the reader noticed. */
export class DiskTree implements FsTree {
  readonly #files: Ext4Files;
  readonly #close: () => Promise<void>;
  readonly #dirInodes = new Map<string, number>([["/", ROOT_INODE]]);
  readonly #listings = new Map<string, DirEntry[]>();

  constructor(files: Ext4Files, close: () => Promise<void> = () => Promise.resolve()) {
    this.#files = files;
    this.#close = close;
  }

  /** Conditions that make the figures less certain (journal not replayed, errors recorded). */
  get warnings(): readonly string[] {
    return this.#files.warnings;
  }
  /** Bytes the filesystem counts as used (its superblock's block count minus free blocks). */
  get usedBytes(): number {
    return this.#files.usedBytes;
  }
  /** Size of the filesystem in bytes. */
  get totalBytes(): number {
    return this.#files.vol.sb.blocksCount * this.#files.vol.sb.blockSize;
  }

  async list(path: string): Promise<FsEntry[]> {
    const dir = normalizeFsPath(path);
    return this.#guard(dir, async () => {
      const entries = await this.#entriesOf(dir);
      const out: FsEntry[] = [];
      for (const e of entries) {
        const loaded = this.#files.inodeIfRead(e.inode) ?? await this.#files.inode(e.inode);
        const entry = entryOf(joinFsPath(dir, e.name), e.name, loaded, this.#files.vol.sb);
        if (entry.type === "dir") this.#dirInodes.set(entry.path, entry.inode);
        out.push(entry);
      }
      return out;
    });
  }

  stat(path: string): Promise<FsEntry | null> {
    const p = normalizeFsPath(path);
    return this.#guard(p, async () => {
      const loaded = await this.#resolve(p);
      return loaded ? entryOf(p, fsPathParts(p).pop() ?? "", loaded, this.#files.vol.sb) : null;
    });
  }

  readFile(path: string, maxBytes: number): Promise<Uint8Array> {
    const p = normalizeFsPath(path);
    return this.#guard(p, async () => {
      const loaded = await this.#resolve(p);
      if (!loaded || entryOf(p, "", loaded, this.#files.vol.sb).type !== "file") throw new FsPathError(`${p} is not a file inside the disk`);
      return await this.#files.readData(loaded, maxBytes);
    });
  }

  readLink(path: string): Promise<string> {
    const p = normalizeFsPath(path);
    return this.#guard(p, async () => {
      const loaded = await this.#resolve(p);
      if (!loaded || entryOf(p, "", loaded, this.#files.vol.sb).type !== "symlink") throw new FsPathError(`${p} is not a symlink inside the disk`);
      return new TextDecoder().decode(await this.#files.readData(loaded, 65536));
    });
  }

  close(): Promise<void> {
    return this.#close();
  }

  /** Turns the reader's internal distrust into the one-line error users see. */
  async #guard<T>(path: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof Distrust) throw new UnreadableFilesystemError(`cannot read ${path} inside the disk: ${e.message} (run e2fsck on it from Linux)`);
      throw e;
    }
  }

  async #entriesOf(dir: string): Promise<DirEntry[]> {
    const cached = this.#listings.get(dir);
    if (cached) return cached;
    const n = await this.#dirInode(dir);
    if (n === null) throw new FsPathError(`${dir} is not a directory inside the disk`);
    const loaded = await this.#files.inode(n);
    const entries = await this.#files.list(loaded);
    if (entries.length <= LISTING_CACHE_MAX_ENTRIES) {
      if (this.#listings.size >= LISTING_CACHE) this.#listings.delete(this.#listings.keys().next().value!);
      this.#listings.set(dir, entries);
    }
    return entries;
  }

  /** The inode number of directory `dir`, or null when it is absent or not a directory. */
  async #dirInode(dir: string): Promise<number | null> {
    const known = this.#dirInodes.get(dir);
    if (known !== undefined) return isDirectory(await this.#files.inode(known)) ? known : null;
    const loaded = await this.#resolve(dir);
    return loaded && isDirectory(loaded) ? loaded.inode.number : null;
  }

  async #resolve(path: string): Promise<LoadedInode | null> {
    if (path === "/") return await this.#files.inode(ROOT_INODE);
    const known = this.#dirInodes.get(path);
    if (known !== undefined) return await this.#files.inode(known);
    const parts = fsPathParts(path);
    const name = parts.pop()!;
    const parent = "/" + parts.join("/");
    if ((await this.#dirInode(parent)) === null) return null;
    const entry = (await this.#entriesOf(parent)).find((e) => e.name === name);
    if (!entry) return null;
    const loaded = await this.#files.inode(entry.inode);
    if (isDirectory(loaded)) this.#dirInodes.set(path, entry.inode);
    return loaded;
  }
}

/**
 * Opens the ext filesystem inside a VirtualDisk as a tree.
 * @throws UnreadableFilesystemError when there is no ext filesystem or it cannot be read safely
 */
export async function diskTreeOf(disk: VirtualDisk, label: string, close?: () => Promise<void>): Promise<DiskTree> {
  let files: Ext4Files | string;
  try {
    files = await openExt4Files(disk);
  } catch (e) {
    if (e instanceof Distrust) files = e.message;
    else throw e;
  }
  if (typeof files === "string") throw new UnreadableFilesystemError(`cannot read the files in ${label}: ${files}`);
  return new DiskTree(files, close);
}

/**
 * Opens the ext filesystem inside the VHDX at `vhdxPath`, read-only. Close the tree when done.
 * @throws InvalidImageError when the file is not a usable VHDX
 * @throws UnreadableFilesystemError when its filesystem cannot be read
 * @example
 * const tree = await openDiskTree(host, "C:\\wsl\\ext4.vhdx");
 * try { console.log(await tree.list("/")); } finally { await tree.close(); }
 */
export async function openDiskTree(host: DiskOpener, vhdxPath: string): Promise<DiskTree> {
  const file = await host.fs.open(vhdxPath, "read");
  try {
    const vhdx = await openVhdx(file, { log: "replay-in-memory" });
    return await diskTreeOf(vhdx, vhdxPath, () => file.close());
  } catch (e) {
    await file.close();
    throw e;
  }
}
