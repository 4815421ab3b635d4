/**
 * A read-only view of a directory tree, whatever holds it: the ext4 inside a VHDX
 * (`openDiskTree`, core/usage/disk_tree.ts) or a plain local folder (`LocalFsTree`,
 * core/usage/local_fs_tree.ts, for tests). The usage scan and the Docker view read only this.
 *
 * The exact shape (stable; code against it):
 * ```ts
 * interface FsTree {
 *   list(path: string): Promise<FsEntry[]>;             // entries of a directory, no "." / "..", in on-disk order
 *   stat(path: string): Promise<FsEntry | null>;        // null when absent (a missing parent is absent too)
 *   readFile(path: string, maxBytes: number): Promise<Uint8Array>; // whole file; refuses files > maxBytes
 *   readLink(path: string): Promise<string>;            // a symlink's target
 *   close(): Promise<void>;                             // releases the disk file (local: no-op)
 * }
 * interface FsEntry {
 *   name: string;            // "" only for the root
 *   path: string;            // absolute inside the filesystem, "/" separated: "/", "/var/log"
 *   type: "dir" | "file" | "symlink" | "other";
 *   inode: number;           // same number = same file (hard links)
 *   apparentBytes: number;   // i_size / st_size
 *   allocatedBytes: number;  // blocks held (i_blocks × 512, like du and st_blocks), xattr block included
 *   nlink: number;
 *   mtimeMs: number;         // modification time, ms since the epoch
 * }
 * ```
 * Opening one: `openDiskTree(host: Host, vhdxPath: string): Promise<FsTree>` (core/usage/disk_tree.ts,
 * the ext4 inside a VHDX, read-only) or `new LocalFsTree(folder)`. Subtree sums (allocated bytes with
 * hard links counted once, apparent bytes) for any directory come from `scanUsage(tree)` in
 * core/usage/scan_usage.ts: `(await scanUsage(tree)).dir("/data/docker/overlay2/<id>")`.
 *
 * Errors (core/errors.ts, one line each): `FsPathError` when `list` gets a path that is absent or
 * not a directory, `readFile` one that is absent or not a file, `readLink` one that is not a
 * symlink; `UnreadableFilesystemError` when a directory or file cannot be read reliably
 * (encrypted, damaged, unknown feature) or a file is larger than `maxBytes`. Paths are
 * normalised with {@link normalizeFsPath}: "var/log/", "/var//log" and "/var/log" are the same.
 * @module
 */

/** What a directory entry is. */
export type FsEntryType = "dir" | "file" | "symlink" | "other";

/** One file, directory or link in a tree. */
export interface FsEntry {
  /** Last path component; "" for the root. */
  name: string;
  /** Absolute path inside the filesystem, "/"-separated ("/var/log"). */
  path: string;
  type: FsEntryType;
  /** Inode number: entries with the same number are hard links to one file. */
  inode: number;
  /** File size (i_size). */
  apparentBytes: number;
  /** Bytes of blocks held (i_blocks × 512, as `du` and `st_blocks` count them). */
  allocatedBytes: number;
  /** Hard link count. */
  nlink: number;
  /** Modification time in milliseconds since the epoch. */
  mtimeMs: number;
}

/** A read-only directory tree. */
export interface FsTree {
  /**
   * Entries of a directory, without "." and "..".
   * @throws FsPathError when `path` is absent or not a directory
   * @throws UnreadableFilesystemError when the directory cannot be read reliably
   */
  list(path: string): Promise<FsEntry[]>;
  /** The entry at `path`, or null when it (or a parent) is absent. */
  stat(path: string): Promise<FsEntry | null>;
  /**
   * The whole contents of a small file (Docker's JSON files).
   * @throws FsPathError when `path` is absent or not a regular file
   * @throws UnreadableFilesystemError when the file is larger than `maxBytes` or cannot be read
   */
  readFile(path: string, maxBytes: number): Promise<Uint8Array>;
  /**
   * The target of a symlink.
   * @throws FsPathError when `path` is absent or not a symlink
   */
  readLink(path: string): Promise<string>;
  /** Releases what the tree holds open. */
  close(): Promise<void>;
}

/**
 * Normalises a path inside a tree: absolute, "/"-separated, no empty, "." or trailing components;
 * ".." goes up (never above the root).
 * @example
 * normalizeFsPath("var//log/") // "/var/log"
 */
export function normalizeFsPath(path: string): string {
  const parts: string[] = [];
  for (const p of path.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") parts.pop();
    else parts.push(p);
  }
  return "/" + parts.join("/");
}

/**
 * Joins a directory path and an entry name.
 * @example
 * joinFsPath("/", "var") // "/var"
 */
export function joinFsPath(dir: string, name: string): string {
  return dir === "/" ? "/" + name : dir + "/" + name;
}

/** The components of a normalised path ("/" has none). */
export function fsPathParts(path: string): string[] {
  const n = normalizeFsPath(path);
  return n === "/" ? [] : n.slice(1).split("/");
}
