/**
 * The usage scan: one depth-first walk of an {@link FsTree} that sums, per directory, the blocks
 * held (allocated bytes, as `du`) and the file sizes (apparent bytes, as `du --apparent-size`),
 * each including the directory's own inode and counting a hard-linked file once, under the first
 * path the walk meets (du's rule). Directories that cannot be read are marked, not guessed, and a
 * directory met twice (a loop in a damaged filesystem) is not entered again. Only directories are
 * kept in memory (files pass through the visitor and a top-N list), so a million files fit easily.
 * @module
 */
import { UnreadableFilesystemError } from "../errors.ts";
import type { FsEntry, FsTree } from "./fs_tree.ts";
import { normalizeFsPath } from "./fs_tree.ts";

/** Totals for one directory and everything below it. */
export interface DirUsage {
  name: string;
  /** Absolute path inside the filesystem. */
  path: string;
  inode: number;
  /** Bytes of blocks held by the directory, its files and subdirectories (hard links once). */
  allocatedBytes: number;
  /** Sizes of the directory, its files and subdirectories (hard links once). */
  apparentBytes: number;
  /** Non-directory entries below (every name, hard links included). */
  files: number;
  /** Directories below, this one not included. */
  dirs: number;
  /** Subdirectories, in on-disk order. */
  children: DirUsage[];
  /** Why this directory's contents are not counted (unreadable, or a loop). */
  unreadable?: string;
}

/** A file in the top-N list. */
export interface FileUsage {
  path: string;
  inode: number;
  allocatedBytes: number;
  apparentBytes: number;
  nlink: number;
}

/** Called as the walk goes, in depth-first order (for streaming exports such as ncdu's). */
export interface UsageVisitor {
  /** A directory, before its entries; `unreadable` says why its entries will not follow. */
  enterDir?(dir: FsEntry, unreadable?: string): void | Promise<void>;
  /** A non-directory entry; `counted` is false for a hard link whose inode was already counted. */
  file?(entry: FsEntry, counted: boolean): void | Promise<void>;
  leaveDir?(dir: FsEntry): void | Promise<void>;
}

/** Options of {@link scanUsage}. */
export interface ScanOptions {
  /** Directory to start from (default "/"). */
  root?: string;
  /** Length of the biggest-files list (default 20). */
  topFiles?: number;
  visitor?: UsageVisitor;
  /** Told the number of entries seen so far, every few thousand. */
  onProgress?(entries: number): void;
  signal?: AbortSignal;
}

/** The result of a scan. */
export interface UsageScan {
  root: DirUsage;
  /** The directory at `path`, if the scan reached it. */
  dir(path: string): DirUsage | undefined;
  /** The biggest files by allocated bytes, biggest first. */
  topFiles: FileUsage[];
  /** Directories whose contents were not counted, with why. */
  problems: { path: string; reason: string }[];
  /** Entries seen (names, not inodes). */
  entries: number;
}

const PROGRESS_EVERY = 4096;

/**
 * Walks `tree` from `opts.root` and sums usage per directory.
 * @throws FsPathError when the root is absent or not a directory
 * @example
 * const scan = await scanUsage(new LocalFsTree("/tmp/x"));
 * console.log(scan.root.allocatedBytes, scan.dir("/var/log")?.apparentBytes);
 */
export async function scanUsage(tree: FsTree, opts: ScanOptions = {}): Promise<UsageScan> {
  const rootPath = normalizeFsPath(opts.root ?? "/");
  const rootEntry = await tree.stat(rootPath);
  if (!rootEntry || rootEntry.type !== "dir") await tree.list(rootPath); // throws the FsPathError
  const state: WalkState = {
    tree, opts, seenInodes: new Set(), seenDirs: new Set(), byPath: new Map(), top: [], problems: [], entries: 0,
    topLimit: opts.topFiles ?? 20,
  };
  const root = await walkDir(state, rootEntry!);
  return {
    root,
    dir: (path) => state.byPath.get(normalizeFsPath(path)),
    topFiles: state.top,
    problems: state.problems,
    entries: state.entries,
  };
}

interface WalkState {
  tree: FsTree;
  opts: ScanOptions;
  /** Inodes with more than one link already counted. */
  seenInodes: Set<number>;
  seenDirs: Set<number>;
  byPath: Map<string, DirUsage>;
  top: FileUsage[];
  topLimit: number;
  problems: { path: string; reason: string }[];
  entries: number;
}

function newDir(e: FsEntry): DirUsage {
  return { name: e.name, path: e.path, inode: e.inode, allocatedBytes: e.allocatedBytes, apparentBytes: e.apparentBytes, files: 0, dirs: 0, children: [] };
}

/** Recursion depth is the path depth, which ext4's 4096-byte path limit keeps to about 2000. */
async function walkDir(s: WalkState, entry: FsEntry): Promise<DirUsage> {
  const usage = newDir(entry);
  s.byPath.set(entry.path, usage);
  const listing = await listOrMark(s, usage, entry);
  const visitor = s.opts.visitor;
  await visitor?.enterDir?.(entry, usage.unreadable);
  for (const child of listing) {
    // Per-entry work stays synchronous unless a visitor asks to wait (a million awaits cost more than the sums).
    if (++s.entries % PROGRESS_EVERY === 0) {
      s.opts.signal?.throwIfAborted();
      s.opts.onProgress?.(s.entries);
    }
    if (child.type === "dir") {
      const sub = await walkDir(s, child);
      usage.children.push(sub);
      usage.allocatedBytes += sub.allocatedBytes;
      usage.apparentBytes += sub.apparentBytes;
      usage.files += sub.files;
      usage.dirs += sub.dirs + 1;
      continue;
    }
    usage.files++;
    const counted = child.nlink <= 1 || !s.seenInodes.has(child.inode);
    if (child.nlink > 1) s.seenInodes.add(child.inode);
    if (visitor?.file) {
      const waiting = visitor.file(child, counted);
      if (waiting) await waiting;
    }
    if (!counted) continue;
    usage.allocatedBytes += child.allocatedBytes;
    usage.apparentBytes += child.apparentBytes;
    if (child.type === "file") offerTop(s, child);
  }
  s.opts.signal?.throwIfAborted();
  await visitor?.leaveDir?.(entry);
  return usage;
}

/** The directory's entries, or none with the directory marked (unreadable, or met before: a loop). */
async function listOrMark(s: WalkState, usage: DirUsage, entry: FsEntry): Promise<FsEntry[]> {
  let reason: string;
  if (s.seenDirs.has(entry.inode)) {
    reason = "directory met twice (a loop in a damaged filesystem)";
  } else {
    s.seenDirs.add(entry.inode);
    try {
      return await s.tree.list(entry.path);
    } catch (e) {
      if (!(e instanceof UnreadableFilesystemError)) throw e;
      reason = e.message;
    }
  }
  usage.unreadable = reason;
  s.problems.push({ path: entry.path, reason });
  return [];
}

/** Keeps the `topLimit` biggest files, biggest first (insertion into a short sorted list). */
function offerTop(s: WalkState, e: FsEntry): void {
  const top = s.top;
  if (s.topLimit <= 0 || e.allocatedBytes === 0 || (top.length >= s.topLimit && e.allocatedBytes <= top[top.length - 1].allocatedBytes)) return;
  let i = top.length;
  while (i > 0 && top[i - 1].allocatedBytes < e.allocatedBytes) i--;
  top.splice(i, 0, { path: e.path, inode: e.inode, allocatedBytes: e.allocatedBytes, apparentBytes: e.apparentBytes, nlink: e.nlink });
  if (top.length > s.topLimit) top.pop();
}
