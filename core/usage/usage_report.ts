/**
 * The usage report of one disk as plain data: every directory down to a depth with its sums, the
 * biggest children per directory, the biggest files, what could not be read, and the space the
 * VHDX file holds beyond what the filesystem uses ("deleted but still in the VHDX"). `usage --json`
 * prints it; the text view renders it.
 * @module
 */
import type { DirUsage, FileUsage, UsageScan } from "./scan_usage.ts";

/** One directory of the report. */
export interface UsageEntry {
  /** Absolute path inside the filesystem. */
  path: string;
  /** Depth below the scanned root (0 for the root). */
  depth: number;
  allocatedBytes: number;
  apparentBytes: number;
  files: number;
  dirs: number;
  unreadable?: string;
}

/** Sizes of the VHDX around the filesystem. */
export interface VhdxFigures {
  fileSize: number;
  /** What ext4 counts as used (superblock). */
  filesystemUsedBytes: number;
  filesystemTotalBytes: number;
  /** File size after `--strategy native`, when it can run (null: refused, see `nativeRefusal`). */
  nativeSizeAfter: number | null;
  nativeRefusal?: string;
}

/** The report of one disk. */
export interface UsageReport {
  /** The scanned directory inside the filesystem. */
  root: string;
  allocatedBytes: number;
  apparentBytes: number;
  files: number;
  dirs: number;
  /** Every directory down to `depth`, parents before children, biggest first among siblings. */
  entries: UsageEntry[];
  topFiles: FileUsage[];
  problems: { path: string; reason: string }[];
  warnings: string[];
  /**
   * Bytes the VHDX file holds beyond what native compaction would keep: deleted files' blocks and
   * never-trimmed free space (null when native compaction would refuse).
   */
  deletedButInVhdxBytes: number | null;
  /** Blocks ext4 uses that no file or directory holds: journal, inode tables, bitmaps (null when the scan did not start at "/"). */
  filesystemMetadataBytes: number | null;
  vhdx?: VhdxFigures;
}

/** Options of {@link usageReport}. */
export interface ReportOptions {
  /** Directory levels listed below the root (default 2). */
  depth?: number;
  warnings?: readonly string[];
  vhdx?: VhdxFigures;
}

/** Builds the report from a scan. */
export function usageReport(scan: UsageScan, opts: ReportOptions = {}): UsageReport {
  const depth = opts.depth ?? 2;
  const entries: UsageEntry[] = [];
  const visit = (d: DirUsage, level: number) => {
    entries.push(entryOf(d, level));
    if (level >= depth) return;
    for (const c of sortedChildren(d)) visit(c, level + 1);
  };
  visit(scan.root, 0);
  const v = opts.vhdx;
  return {
    root: scan.root.path,
    allocatedBytes: scan.root.allocatedBytes,
    apparentBytes: scan.root.apparentBytes,
    files: scan.root.files,
    dirs: scan.root.dirs,
    entries,
    topFiles: scan.topFiles,
    problems: scan.problems,
    warnings: [...(opts.warnings ?? [])],
    deletedButInVhdxBytes: v && v.nativeSizeAfter !== null ? Math.max(0, v.fileSize - v.nativeSizeAfter) : null,
    filesystemMetadataBytes: v && scan.root.path === "/" ? Math.max(0, v.filesystemUsedBytes - scan.root.allocatedBytes) : null,
    ...(v ? { vhdx: v } : {}),
  };
}

/** Subdirectories, biggest (allocated) first, then by name. */
export function sortedChildren(d: DirUsage): DirUsage[] {
  return [...d.children].sort((a, b) => b.allocatedBytes - a.allocatedBytes || (a.name < b.name ? -1 : 1));
}

function entryOf(d: DirUsage, depth: number): UsageEntry {
  return {
    path: d.path, depth, allocatedBytes: d.allocatedBytes, apparentBytes: d.apparentBytes, files: d.files, dirs: d.dirs,
    ...(d.unreadable ? { unreadable: d.unreadable } : {}),
  };
}
