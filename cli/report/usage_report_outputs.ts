/**
 * What `usage` adds with `--html` and `--diff`: the report file of the scanned disk (with its
 * strategies and, when given, the diff), the diff against an earlier document, and the diff of two
 * saved documents without a scan.
 * @module
 */
import type { App } from "../app.ts";
import type { Target } from "../../core/domain/target.ts";
import { UsageError } from "../../core/errors.ts";
import { VERSION } from "../../core/version.ts";
import type { UsageScan } from "../../core/usage/scan_usage.ts";
import type { UsageReport } from "../../core/usage/usage_report.ts";
import type { DockerSection } from "../../core/usage/docker_store/docker_section.ts";
import { type UsageDiff, type UsageDoc, usageDiff } from "../../core/report/usage_diff.ts";
import { formatBytes } from "../format.ts";
import { diffLines, readUsageDoc } from "./diff_input.ts";
import { checkReportFile, reportStrategies, writeHtmlReport } from "./report_file.ts";

/** The flags these outputs read. */
export interface ReportFlags {
  html?: string;
  diff?: string[];
  top: number;
}

/** Refuses what cannot work before anything is scanned: a taken report name, several disks, a bad --diff. */
export async function checkReportFlags(a: App, flags: ReportFlags, targets: readonly Target[]): Promise<void> {
  if (flags.diff && flags.diff.length !== 1) throw new UsageError("--diff takes the earlier file when a disk is scanned (usage TARGET --diff OLD.json), or two files alone (usage --diff OLD.json NEW.json)");
  if (!flags.html) return;
  if (targets.length > 1) throw new UsageError(`--html writes one disk: choose it (${targets.map((t) => t.name).join(", ")})`);
  await checkReportFile(a, flags.html, "--html");
}

/** `usage --diff OLD NEW` without a scan: the diff as text or JSON. */
export async function diffOnly(a: App, flags: ReportFlags): Promise<void> {
  const [oldFile, newFile] = flags.diff!;
  if (flags.html) throw new UsageError("--html needs the disk itself: usage TARGET --diff OLD.json --html FILE");
  const diff = usageDiff(await readUsageDoc(a.host, oldFile), await readUsageDoc(a.host, newFile));
  if (a.out.opts.json) a.out.json({ diff });
  else a.out.result(diffLines(diff, flags.top).join("\n") + "\n");
}

/** One scanned disk's parts, as `usage` has them. */
export interface ScannedDisk {
  target: Target;
  scan: UsageScan;
  report: UsageReport;
  docker: DockerSection;
  /** Its `usage --json` document. */
  doc: Record<string, unknown>;
}

/**
 * The diff against `--diff OLD` (printed as text unless --json) and the `--html` report.
 * @returns the diff, for the JSON document
 */
export async function reportOutputs(a: App, disk: ScannedDisk, flags: ReportFlags): Promise<UsageDiff | undefined> {
  let diff: UsageDiff | undefined;
  if (flags.diff?.length === 1) {
    diff = usageDiff(await readUsageDoc(a.host, flags.diff[0], disk.target.name), disk.doc as unknown as UsageDoc);
    if (!a.out.opts.json) a.out.result(diffLines(diff, flags.top).join("\n") + "\n");
  }
  if (flags.html) {
    const strategies = await reportStrategies(a, disk.target);
    const bytes = await writeHtmlReport(a, flags.html, {
      tool: VERSION,
      target: { name: disk.target.name, path: disk.target.path },
      scan: disk.scan,
      report: disk.report,
      docker: disk.docker.docker,
      suggestions: disk.docker.suggestions,
      usage: disk.doc,
      strategies,
      ...(diff ? { diff } : {}),
    });
    a.out.print(`Report written: ${flags.html} (${formatBytes(bytes)}); open it in a browser.`);
  }
  return diff;
}
