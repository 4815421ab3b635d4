/**
 * {@link FsTree} over a folder on this machine: the folder is the tree's "/". For tests of code
 * written against FsTree (the Docker view, the usage scan) without building a disk image.
 * @module
 */
import * as fsp from "node:fs/promises";
import type { Stats } from "node:fs";
import { join } from "node:path";
import { FsPathError, UnreadableFilesystemError } from "../errors.ts";
import { fsPathParts, joinFsPath, normalizeFsPath } from "./fs_tree.ts";
import type { FsEntry, FsEntryType, FsTree } from "./fs_tree.ts";

/**
 * A local folder seen as a read-only tree. Symlinks are never followed.
 * @example
 * const tree = new LocalFsTree("/tmp/fixture");
 * for (const e of await tree.list("/")) console.log(e.path, e.allocatedBytes);
 */
export class LocalFsTree implements FsTree {
  readonly #root: string;
  constructor(root: string) {
    this.#root = root;
  }

  async list(path: string): Promise<FsEntry[]> {
    const dir = normalizeFsPath(path);
    const st = await this.#lstat(dir);
    if (!st || !st.isDirectory()) throw new FsPathError(`${dir} is not a directory in ${this.#root}`);
    const names = await fsp.readdir(this.#local(dir));
    const out: FsEntry[] = [];
    for (const name of names) {
      const p = joinFsPath(dir, name);
      const s = await this.#lstat(p);
      if (s) out.push(toEntry(p, name, s));
    }
    return out;
  }

  async stat(path: string): Promise<FsEntry | null> {
    const p = normalizeFsPath(path);
    const s = await this.#lstat(p);
    return s ? toEntry(p, fsPathParts(p).pop() ?? "", s) : null;
  }

  async readFile(path: string, maxBytes: number): Promise<Uint8Array> {
    const p = normalizeFsPath(path);
    const s = await this.#lstat(p);
    if (!s || !s.isFile()) throw new FsPathError(`${p} is not a file in ${this.#root}`);
    if (s.size > maxBytes) throw new UnreadableFilesystemError(`${p} is ${s.size} bytes, more than the ${maxBytes} this reader loads`);
    return new Uint8Array(await fsp.readFile(this.#local(p)));
  }

  async readLink(path: string): Promise<string> {
    const p = normalizeFsPath(path);
    const s = await this.#lstat(p);
    if (!s || !s.isSymbolicLink()) throw new FsPathError(`${p} is not a symlink in ${this.#root}`);
    return fsp.readlink(this.#local(p));
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  #local(p: string): string {
    return join(this.#root, ...fsPathParts(p));
  }

  async #lstat(p: string): Promise<Stats | null> {
    try {
      return await fsp.lstat(this.#local(p));
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "ENOENT" || code === "ENOTDIR") return null;
      throw e;
    }
  }
}

function typeOf(s: Stats): FsEntryType {
  if (s.isDirectory()) return "dir";
  if (s.isFile()) return "file";
  if (s.isSymbolicLink()) return "symlink";
  return "other";
}

function toEntry(path: string, name: string, s: Stats): FsEntry {
  // st_blocks is in 512-byte units on POSIX; where it is missing (Windows) the size stands in.
  const allocated = typeof s.blocks === "number" ? s.blocks * 512 : s.size;
  return { name, path, type: typeOf(s), inode: s.ino, apparentBytes: s.size, allocatedBytes: allocated, nlink: s.nlink, mtimeMs: s.mtimeMs };
}
