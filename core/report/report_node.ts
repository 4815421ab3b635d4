/**
 * The folder tree the HTML report draws: the usage scan's directories, cut to what a treemap can
 * show. A folder too small to be seen is one tile; small siblings are one "(N small folders)" tile;
 * the files directly in a folder are its biggest files (those the scan kept) and one "(N small
 * files)" tile. Every tile's bytes are exact, and a folder's tiles add up to the folder's bytes, so
 * the picture's areas are the disk's numbers.
 * @module
 */
import type { DirUsage, FileUsage, UsageScan } from "../usage/scan_usage.ts";

/** One tile of the report's treemap (short keys: a million-file disk's report stays small). */
export interface ReportNode {
  /** Name (a folder's or file's), or "(N small files)" for an aggregate. */
  n: string;
  /** Allocated bytes. */
  a: number;
  /** Apparent bytes. */
  p: number;
  /** Files below (every name). */
  f: number;
  /** What the tile is: a folder (with or without tiles inside), a file, or several things together. */
  k: "dir" | "file" | "files" | "dirs";
  /** The tiles inside, biggest first (only on folders big enough to be opened). */
  c?: ReportNode[];
  /** Why a folder's contents were not counted. */
  u?: string;
}

/** Options of {@link reportTree}. */
export interface ReportTreeOptions {
  /**
   * About this many tiles at most (default 20,000): a folder or file under 1/maxTiles of the disk
   * is never a tile of its own (at 1600×900 pixels it would cover under 72 of them).
   */
  maxTiles?: number;
}

const DEFAULT_MAX_TILES = 20_000;

/**
 * The treemap's tree of a scan.
 * @example
 * const root = reportTree(await scanUsage(tree));
 * console.log(root.c?.map((t) => `${t.n} ${t.a}`));
 */
export function reportTree(scan: UsageScan, opts: ReportTreeOptions = {}): ReportNode {
  const maxTiles = opts.maxTiles ?? DEFAULT_MAX_TILES;
  const filesByDir = new Map<string, FileUsage[]>();
  for (const f of scan.topFiles) {
    const dir = f.path.slice(0, Math.max(1, f.path.lastIndexOf("/")));
    filesByDir.set(dir, [...(filesByDir.get(dir) ?? []), f]);
  }
  const minBytes = scan.root.allocatedBytes / maxTiles;
  return nodeOf(scan.root, minBytes, filesByDir);
}

function nodeOf(d: DirUsage, minBytes: number, filesByDir: Map<string, FileUsage[]>): ReportNode {
  const node: ReportNode = { n: d.path === "/" ? "/" : d.name, a: d.allocatedBytes, p: d.apparentBytes, f: d.files, k: "dir", ...(d.unreadable ? { u: d.unreadable } : {}) };
  if (d.allocatedBytes < minBytes && d.path !== "/") return node;
  const tiles: ReportNode[] = [];
  const small = { a: 0, p: 0, f: 0, count: 0 };
  for (const c of d.children) {
    if (c.allocatedBytes >= minBytes) tiles.push(nodeOf(c, minBytes, filesByDir));
    else {
      small.a += c.allocatedBytes;
      small.p += c.apparentBytes;
      small.f += c.files;
      small.count++;
    }
  }
  if (small.count === 1) tiles.push(nodeOf(d.children.find((c) => c.allocatedBytes < minBytes)!, minBytes, filesByDir));
  else if (small.count > 1) tiles.push({ n: `(${small.count} small folders)`, a: small.a, p: small.p, f: small.f, k: "dirs" });
  // What the folder holds itself: its own inode and the files directly in it.
  let ownA = d.allocatedBytes - sum(d.children, (c) => c.allocatedBytes);
  let ownP = d.apparentBytes - sum(d.children, (c) => c.apparentBytes);
  let ownFiles = d.files - sum(d.children, (c) => c.files);
  for (const f of filesByDir.get(d.path) ?? []) {
    if (f.allocatedBytes < minBytes || f.allocatedBytes > ownA) continue;
    tiles.push({ n: f.path.slice(f.path.lastIndexOf("/") + 1), a: f.allocatedBytes, p: f.apparentBytes, f: 1, k: "file" });
    ownA -= f.allocatedBytes;
    ownP -= f.apparentBytes;
    ownFiles--;
  }
  if (ownA > 0 || ownFiles > 0) {
    tiles.push({ n: ownFiles > 0 ? `(${ownFiles} small files)` : "(the folder itself)", a: Math.max(0, ownA), p: Math.max(0, ownP), f: Math.max(0, ownFiles), k: "files" });
  }
  tiles.sort((x, y) => y.a - x.a || (x.n < y.n ? -1 : 1));
  if (tiles.length > 0) node.c = tiles;
  return node;
}

function sum<T>(items: readonly T[], of: (t: T) => number): number {
  let s = 0;
  for (const t of items) s += of(t);
  return s;
}
