/**
 * The two sides of `usage --diff`: a file written by `usage --json` (its `targets` list) or a saved
 * HTML report (the data in its `report-data` script), one disk's document picked from it; and the
 * diff as text.
 * @module
 */
import type { Host } from "../../core/host/host.ts";
import { UsageError } from "../../core/errors.ts";
import { REPORT_FORMAT } from "../../core/report/report_data.ts";
import type { UsageChange, UsageDiff, UsageDoc } from "../../core/report/usage_diff.ts";
import { formatBytes } from "../format.ts";

const REPORT_DATA = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/;

/**
 * One disk's usage document from a `usage --json` file or an HTML report.
 * @param name the disk's name or path, to choose among several in one file
 */
export async function readUsageDoc(host: Host, file: string, name?: string): Promise<UsageDoc & { target?: string; path?: string }> {
  if (!await host.fs.exists(file)) throw new UsageError(`${file} not found: --diff needs files written by usage --json or usage --html`);
  const text = await host.fs.readText(file);
  let parsed: unknown;
  try {
    const html = REPORT_DATA.exec(text);
    parsed = JSON.parse(html ? html[1] : text);
  } catch (e) {
    throw new UsageError(`${file} is neither usage --json output nor a vhdx-shrink report (${(e as Error).message})`);
  }
  const doc = parsed as { format?: string; usage?: unknown; targets?: unknown };
  const docs = (doc.format === REPORT_FORMAT ? [doc.usage] : Array.isArray(doc.targets) ? doc.targets : []) as (UsageDoc & { target?: string; path?: string })[];
  const usable = docs.filter((d) => d && typeof d.allocatedBytes === "number" && Array.isArray(d.entries));
  if (usable.length === 0) throw new UsageError(`${file} holds no disk's usage: --diff needs files written by usage --json or usage --html`);
  if (usable.length === 1) return usable[0];
  const match = usable.find((d) => d.target === name || d.path === name);
  if (!match) throw new UsageError(`${file} holds ${usable.length} disks (${usable.map((d) => d.target).join(", ")}): name one, usage TARGET --diff ${file}`);
  return match;
}

/** The diff as text lines: totals, then folders and images that grew or shrank (at most `top` each). */
export function diffLines(d: UsageDiff, top: number): string[] {
  const sign = (n: number) => (n > 0 ? "+" : "") + formatBytes(n);
  const part = (title: string, list: UsageChange[]) => list.length === 0 ? [`${title}: no change`] : [
    `${title}:`,
    ...list.slice(0, top).map((c) => `  ${sign(c.change).padStart(11)}  ${c.name}  (${formatBytes(c.before)} → ${formatBytes(c.after)})`),
    ...(list.length > top ? [`  … ${list.length - top} more`] : []),
  ];
  return [`Since the earlier scan: ${formatBytes(d.before)} → ${formatBytes(d.after)} (${sign(d.after - d.before)})`, ...part("Folders", d.folders), ...part("Docker images", d.images)];
}
