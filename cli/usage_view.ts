/**
 * The text screen of `usage`: a tree of the biggest directories with a bar each (people would rather
 * look than read), the biggest files, and the lines that explain the rest of the VHDX file.
 * @module
 */
import { formatBytes } from "./format.ts";
import type { Style } from "./format.ts";
import type { DirUsage, UsageScan } from "../core/usage/scan_usage.ts";
import { sortedChildren } from "../core/usage/usage_report.ts";
import type { UsageReport } from "../core/usage/usage_report.ts";

/** What the view needs besides the report. */
export interface UsageViewOptions {
  depth: number;
  top: number;
  width: number;
  style: Style;
  /** The disk as the hint's `--target` names it (a file's path, a distro's name). */
  targetArg?: string;
}

/** Eighth blocks: a bar resolves to 1/8 of a character. */
const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
const BAR_CHARS = 24;
const SIZE_CHARS = 9;

/** A bar of `fraction` (0..1) of `chars` characters, padded to full width. */
export function bar(fraction: number, chars = BAR_CHARS): string {
  const eighths = Math.round(Math.max(0, Math.min(1, fraction)) * chars * 8);
  const text = "█".repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
  return text + " ".repeat(chars - [...text].length);
}

function row(bytes: number, total: number, label: string, style: Style): string {
  return `${formatBytes(bytes).padStart(SIZE_CHARS)}  ${style.green(bar(total > 0 ? bytes / total : 0))}  ${label}`;
}

/** The tree lines: each directory's `top` biggest subdirectories down to `depth`, the rest summed up. */
export function treeLines(scan: UsageScan, o: UsageViewOptions): string[] {
  const total = scan.root.allocatedBytes;
  const out: string[] = [row(total, total, scan.root.path, o.style)];
  const walk = (d: DirUsage, prefix: string, level: number) => {
    if (level > o.depth) return;
    const kids = sortedChildren(d);
    const shown = kids.slice(0, o.top);
    const rest = kids.slice(o.top);
    const restBytes = rest.reduce((n, k) => n + k.allocatedBytes, 0);
    const filesBytes = d.allocatedBytes - kids.reduce((n, k) => n + k.allocatedBytes, 0);
    const lines: Array<[DirUsage | null, string, number]> = shown.map((k) => [k, k.name + (k.unreadable ? o.style.yellow("  (unreadable)") : ""), k.allocatedBytes]);
    if (rest.length > 0) lines.push([null, o.style.dim(`… ${rest.length} more folder${rest.length === 1 ? "" : "s"}`), restBytes]);
    if (kids.length > 0 && filesBytes > 0) lines.push([null, o.style.dim("(files and the folder itself)"), filesBytes]);
    lines.forEach(([k, label, bytes], i) => {
      const last = i === lines.length - 1;
      out.push(row(bytes, total, prefix + (last ? "└─ " : "├─ ") + label, o.style));
      if (k) walk(k, prefix + (last ? "   " : "│  "), level + 1);
    });
  };
  walk(scan.root, "", 1);
  return out;
}

/** The whole screen for one disk. */
export function usageScreen(title: string, scan: UsageScan, report: UsageReport, o: UsageViewOptions): string[] {
  const s = o.style;
  const v = report.vhdx;
  const out: string[] = [s.bold(title)];
  if (v) out.push(`ext4: ${formatBytes(v.filesystemUsedBytes)} used of ${formatBytes(v.filesystemTotalBytes)}; VHDX file ${formatBytes(v.fileSize)}`);
  out.push(`${report.files.toLocaleString("en-US")} files in ${(report.dirs + 1).toLocaleString("en-US")} folders: ` +
    `${formatBytes(report.allocatedBytes)} on disk, ${formatBytes(report.apparentBytes)} apparent (file sizes)`);
  for (const w of report.warnings) out.push(s.yellow(`note: ${w}`));
  out.push("", ...treeLines(scan, o));
  if (report.topFiles.length > 0) {
    out.push("", s.bold("Biggest files"));
    const top = report.topFiles.slice(0, o.top);
    for (const f of top) out.push(row(f.allocatedBytes, report.allocatedBytes, f.path + (f.nlink > 1 ? s.dim(`  (${f.nlink} hard links)`) : ""), s));
  }
  out.push("");
  if (report.filesystemMetadataBytes !== null) out.push(`filesystem metadata (journal, inode tables, bitmaps): ${formatBytes(report.filesystemMetadataBytes)}`);
  if (report.deletedButInVhdxBytes !== null) {
    out.push(report.deletedButInVhdxBytes > 0
      ? s.bold(`deleted but still in the VHDX: ${formatBytes(report.deletedButInVhdxBytes)} — run \`vhdx-shrink --strategy native${o.targetArg ? ` --target ${o.targetArg}` : ""}\``)
      : "deleted but still in the VHDX: nothing, the file is already compact");
  } else if (v?.nativeRefusal) {
    out.push(s.yellow(`deleted but still in the VHDX: unknown (${v.nativeRefusal})`));
  }
  for (const p of report.problems) out.push(s.yellow(`unreadable: ${p.path}: ${p.reason}`));
  return out;
}
