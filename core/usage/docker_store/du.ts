/**
 * Sizes of a subtree, walked through metadata only: what `du` shows (allocated blocks and apparent
 * sizes, hard-linked inodes once) and what Docker shows for a writable layer or a volume.
 * @module
 */
import { type DockerTree, isDirectory, listDir, type TreeEntry, type UnreadableReporter } from "./tree.ts";

/** What a subtree holds. */
export interface DirUsage {
  /** Sum of sizes, directories included, each inode once (`du -sb --apparent-size`). */
  apparentBytes: number;
  /** Bytes of blocks held, directories included, each inode once (`du -sB1`). */
  allocatedBytes: number;
  /**
   * Docker's figure for a directory (moby `pkg/directory` calcSize): sizes of non-directories,
   * each inode once, directories not counted. Used for container SIZE and volume SIZE.
   */
  dockerBytes: number;
  /** Non-directory entries seen (hard links each counted). */
  files: number;
  /** Directories seen, the root included. */
  dirs: number;
}

/** Options for {@link du}. */
export interface DuOptions {
  /**
   * Inodes already counted in `apparentBytes`/`allocatedBytes` by earlier calls; shared between
   * calls so a hard link across two subtrees counts once in a total. Updated in place.
   */
  countedInodes?: Set<number>;
  /**
   * Directory sums from an earlier walk of the same tree (the usage scan's `dir(path)`): a
   * directory found there is not walked again. Its `dockerBytes` is then its apparent bytes.
   */
  known?: KnownSizes;
  /** Walk even when `known` has the directory, because the exact `dockerBytes` is shown. */
  exactDockerBytes?: boolean;
  /** Told about each directory that cannot be read; its contents are not counted. */
  onUnreadable?: UnreadableReporter;
}

/** Sums an earlier walk kept per directory (`dirs` counts the directories below, not itself). */
export interface KnownSizes {
  dir(path: string): { allocatedBytes: number; apparentBytes: number; files: number; dirs: number; unreadable?: string } | undefined;
}

/** Zero usage, for a subtree that is missing. */
export const EMPTY_USAGE: DirUsage = Object.freeze({ apparentBytes: 0, allocatedBytes: 0, dockerBytes: 0, files: 0, dirs: 0 });

/**
 * Sizes the subtree at `path` (a file or a directory); zeros when nothing is there.
 * @example
 * const { allocatedBytes } = await du(tree, "/data/docker/overlay2");
 */
export async function du(tree: DockerTree, path: string, options: DuOptions = {}): Promise<DirUsage> {
  const root = await tree.stat(path);
  if (root === null) return { ...EMPTY_USAGE };
  const known = isDirectory(root) && !options.exactDockerBytes ? options.known?.dir(path) : undefined;
  if (known && !known.unreadable) {
    return { apparentBytes: known.apparentBytes, allocatedBytes: known.allocatedBytes, dockerBytes: known.apparentBytes, files: known.files, dirs: known.dirs + 1 };
  }
  const counted = options.countedInodes ?? new Set<number>();
  const dockerSeen = new Set<number>();
  const visitedDirs = new Set<number>();
  const usage: DirUsage = { ...EMPTY_USAGE };
  const add = (e: TreeEntry) => {
    const dir = isDirectory(e);
    if (dir) usage.dirs++;
    else {
      usage.files++;
      // moby calcSize: skip directories and empty files, each inode once.
      if (e.apparentBytes > 0 && !dockerSeen.has(e.inode)) {
        dockerSeen.add(e.inode);
        usage.dockerBytes += e.apparentBytes;
      }
    }
    if (!dir && e.nlink > 1) {
      if (counted.has(e.inode)) return;
      counted.add(e.inode);
    }
    usage.apparentBytes += e.apparentBytes;
    usage.allocatedBytes += e.allocatedBytes;
  };
  add(root);
  if (!isDirectory(root)) return usage;
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    // A damaged directory that links back to an ancestor must not loop the walk.
    if (visitedDirs.has(dir.inode)) continue;
    visitedDirs.add(dir.inode);
    for (const entry of await listDir(tree, dir.path, options.onUnreadable)) {
      add(entry);
      if (isDirectory(entry)) pending.push(entry);
    }
  }
  return usage;
}

/** A directory's own inode only (its blocks and size), without what it holds. */
export function ownUsage(entry: { apparentBytes: number; allocatedBytes: number }): DirUsage {
  return { ...EMPTY_USAGE, apparentBytes: entry.apparentBytes, allocatedBytes: entry.allocatedBytes, dirs: 1 };
}

/** Adds usages field by field. */
export function sumUsage(usages: Iterable<DirUsage>): DirUsage {
  const total: DirUsage = { ...EMPTY_USAGE };
  for (const u of usages) {
    total.apparentBytes += u.apparentBytes;
    total.allocatedBytes += u.allocatedBytes;
    total.dockerBytes += u.dockerBytes;
    total.files += u.files;
    total.dirs += u.dirs;
  }
  return total;
}
