/**
 * `vhdx-shrink usage [TARGET|FILE]`: what fills the disk, read from the VHDX itself (no WSL, no
 * Docker, any OS). Read-only: the VHDX is opened for reading, a dirty log is replayed in memory.
 * @module
 */
import type { Command } from "commander";
import type { App } from "../app.ts";
import { withGlobalOptions } from "../global_options.ts";
import { noTarget, resolveTargets, TARGET_FLAG, targetArg, targetSpec } from "../targets.ts";
import { makeProgress } from "../progress.ts";
import { usageScreen } from "../usage_view.ts";
import { UnreadableFilesystemError, UsageError, UserFacingError } from "../../core/errors.ts";
import { VERSION } from "../../core/version.ts";
import { analyzeDisk } from "../../core/analyze/analyze_disk.ts";
import type { Target } from "../../core/domain/target.ts";
import { openDiskTree } from "../../core/usage/disk_tree.ts";
import type { DiskTree } from "../../core/usage/disk_tree.ts";
import { ncduExport } from "../../core/usage/ncdu_export.ts";
import { scanUsage } from "../../core/usage/scan_usage.ts";
import type { UsageScan } from "../../core/usage/scan_usage.ts";
import { usageReport } from "../../core/usage/usage_report.ts";
import type { UsageReport, VhdxFigures } from "../../core/usage/usage_report.ts";
import { dockerSection, dockerSectionJson } from "../../core/usage/docker_store/docker_section.ts";
import { renderDockerSection } from "../docker_text.ts";
import type { DockerSection } from "../../core/usage/docker_store/docker_section.ts";
import { renderTable } from "../format.ts";
import { checkReportFlags, diffOnly, reportOutputs } from "../report/usage_report_outputs.ts";

/** Options of the `usage` command. */
export interface UsageOptions {
  target?: string;
  depth: number;
  top: number;
  ncdu?: string;
  /** Write the HTML report (one disk). */
  html?: string;
  /** The earlier usage document (one file with a TARGET), or two documents to compare alone. */
  diff?: string[];
}

const EXAMPLES = `
Examples:
  vhdx-shrink usage ext4.vhdx                   the biggest folders and files inside
  vhdx-shrink usage Ubuntu --depth 3 --top 5
  vhdx-shrink usage docker_data.vhdx --json
  vhdx-shrink usage ext4.vhdx --ncdu disk.json  then browse it: ncdu -f disk.json (or gdu -f)
  vhdx-shrink usage docker_data.vhdx --html report.html   one page with a treemap, no network needed
  vhdx-shrink usage docker_data.vhdx --diff last.json     what grew and shrank since usage --json > last.json
  vhdx-shrink usage --diff old.json new.json    the same between two saved documents (or reports)`;

function count(name: string, min: number) {
  return (text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} needs a whole number of at least ${min}, not "${text}"`);
    return n;
  };
}

/** Adds the `usage` command. */
export function addUsageCommand(program: Command, app: () => Promise<App>): void {
  withGlobalOptions(program.command("usage"))
    .description("show what fills a disk: the biggest folders and files inside the VHDX (read-only, no WSL or Docker needed)")
    .argument("[target]", "a VHDX file, or a distro / Docker disk name on Windows (default: every disk found)")
    .option(TARGET_FLAG, "the same as TARGET")
    .option("--depth <n>", "folder levels to show below /", count("--depth", 0), 2)
    .option("--top <n>", "biggest entries shown per folder and in the file list", count("--top", 1), 10)
    .option("--ncdu <file>", "also write an ncdu export (browse with ncdu -f FILE or gdu -f FILE)")
    .option("--html <file>", "also write one self-contained HTML report: treemap, Docker view, strategies, suggestions")
    .option("--diff <files...>", "what grew and shrank since an earlier usage --json file or report (or between two files, with no TARGET)")
    .addHelpText("after", EXAMPLES)
    .action(async (positional: string | undefined, opts: UsageOptions) => {
      const a = await app();
      if (opts.diff?.length === 2 && !positional && !opts.target) return await diffOnly(a, opts);
      const spec = targetSpec(positional, opts.target);
      if (!spec && !a.host.isWindows) throw noTarget(a.host);
      const targets = await resolveTargets(a.host, spec);
      if (opts.ncdu && targets.length > 1) throw new UsageError(`--ncdu writes one disk: choose it (${targets.map((t) => t.name).join(", ")})`);
      if (opts.ncdu && await a.host.fs.exists(opts.ncdu)) throw new UsageError(`${opts.ncdu} already exists: give --ncdu a new file name`);
      await checkReportFlags(a, opts, targets);
      const docs = [];
      let failures = 0;
      for (const target of targets) {
        try {
          const { scan, report, docker } = await usageOf(a, target, opts);
          const doc = { target: target.name, path: target.path, ...report, ...dockerSectionJson(docker) };
          if (a.out.opts.json) docs.push(doc);
          else {
            a.out.result(usageScreen(`${target.name}  (${target.path})`, scan, report, { ...opts, width: a.out.width, style: a.out.style, targetArg: targetArg(target) }).join("\n") + "\n");
            const dockerText = renderDockerSection(docker, { table: (h, r) => renderTable(h, r, a.out.width), maxRows: opts.top });
            if (dockerText) a.out.result(dockerText + "\n");
          }
          const diff = await reportOutputs(a, { target, scan, report, docker, doc }, opts);
          if (diff && a.out.opts.json) docs[docs.length - 1] = { ...doc, diff };
        } catch (e) {
          if (!(e instanceof UserFacingError) || targets.length === 1) throw e;
          failures++;
          a.out.error(`${target.name}: ${e.message}`);
        }
      }
      if (a.out.opts.json) a.out.json({ targets: docs });
      if (failures > 0) throw new UnreadableFilesystemError(`${failures} of ${targets.length} disks could not be read (see above)`);
    });
}

/** Scans one target (and writes the ncdu export when asked). */
export async function usageOf(a: App, target: Target, opts: UsageOptions): Promise<{ scan: UsageScan; report: UsageReport; docker: DockerSection }> {
  const tree = await openDiskTree(a.host, target.path);
  const progress = makeProgress(a.out);
  try {
    progress.phase(`reading the folders and files inside ${target.name}`);
    const scan = await scanWithExport(a, tree, opts);
    // The Docker view and the suggestions reuse the scan's sums: Docker's folders are not walked twice.
    const docker = await dockerSection(tree, { known: scan });
    progress.phase("measuring what the VHDX file holds beyond them");
    const vhdx = await vhdxFigures(a, target, tree);
    return { scan, report: usageReport(scan, { depth: opts.depth, warnings: tree.warnings, vhdx }), docker };
  } finally {
    progress.stop();
    await tree.close();
  }
}

async function scanWithExport(a: App, tree: DiskTree, opts: UsageOptions): Promise<UsageScan> {
  const progress = (n: number) => a.out.verbose(`${n.toLocaleString("en-US")} entries read`);
  if (!opts.ncdu) return await scanUsage(tree, { topFiles: opts.top, onProgress: progress });
  const file = await a.host.fs.open(opts.ncdu, "create");
  try {
    let at = 0;
    const encoder = new TextEncoder();
    const ncdu = ncduExport(async (text) => {
      const bytes = encoder.encode(text);
      await file.write(at, bytes);
      at += bytes.length;
    }, { progname: "vhdx-shrink", progver: VERSION, timestamp: Math.floor(Date.now() / 1000) });
    const scan = await scanUsage(tree, { topFiles: opts.top, onProgress: progress, visitor: ncdu.visitor });
    await ncdu.finish();
    await file.sync();
    return scan;
  } finally {
    await file.close();
  }
}

/** The VHDX's sizes and what native compaction would leave; the filesystem's own figures when analysis fails. */
async function vhdxFigures(a: App, target: Target, tree: DiskTree): Promise<VhdxFigures> {
  const fs = { filesystemUsedBytes: tree.usedBytes, filesystemTotalBytes: tree.totalBytes };
  try {
    const d = await analyzeDisk(a.host, target.path);
    return { fileSize: d.fileSize, ...fs, nativeSizeAfter: d.usedOnlySizeAfter, ...(d.filesystemRefusal ? { nativeRefusal: d.filesystemRefusal } : {}) };
  } catch (e) {
    if (!(e instanceof UserFacingError)) throw e;
    const info = await a.host.fs.stat(target.path);
    return { fileSize: info?.size ?? 0, ...fs, nativeSizeAfter: null, nativeRefusal: e.message };
  }
}
