/**
 * `vhdx-shrink compact FILE [--output NEW] [--yes]`: the native compactor on one file, without the
 * strategy menu. Copy mode only reads FILE; in-place mode changes it and needs --yes (or a "y").
 * @module
 */
import type { Command } from "commander";
import { Option } from "commander";
import type { App } from "../app.ts";
import type { Asker } from "../confirm.ts";
import { confirmYes } from "../confirm.ts";
import { formatBytes, formatDuration, renderTable } from "../format.ts";
import { withInterrupt } from "../interrupt.ts";
import { makeProgress } from "../progress.ts";
import { withGlobalOptions } from "../program.ts";
import { resolveTargets } from "../targets.ts";
import { compactFile } from "../../core/compact/compact_file.ts";
import type { CompactReport } from "../../core/compact/compact_report.ts";
import { RefusedError, TargetBusyError } from "../../core/errors.ts";

/** Options of `compact`. */
interface CompactOptions {
  output?: string;
  yes?: boolean;
  scrub: boolean;
  backup?: boolean;
  dryRun?: boolean;
}

const EXAMPLES = `
Examples:
  vhdx-shrink compact ext4.vhdx --output small.vhdx    write a compacted copy; ext4.vhdx is only read
  vhdx-shrink compact ext4.vhdx --yes                  compact in place (needs no free space)
  vhdx-shrink compact ext4.vhdx --dry-run --json       what would be dropped and moved`;

/** Adds the `compact` command. `asker` defaults to never asking (then in-place mode needs --yes). */
export function addCompactCommand(program: Command, app: () => Promise<App>, asker?: () => Asker): void {
  withGlobalOptions(program.command("compact"))
    .description("compact a VHDX from its ext4 allocation map (native; no Hyper-V, no admin)")
    .argument("<file>", "the VHDX file (or a distro / Docker disk name on Windows)")
    .option("-o, --output <new>", "write a compacted copy here instead of changing FILE")
    .option("-y, --yes", "change FILE in place without asking")
    .option("--backup", "in place: copy FILE to FILE.bak first (refused when there is no room)")
    .option("-n, --dry-run", "show what would happen; write nothing")
    .addOption(new Option("--no-scrub", "keep the bytes of free filesystem blocks inside kept blocks"))
    .addHelpText("after", EXAMPLES)
    .action(async (spec: string, opts: CompactOptions) => {
      const a = await app();
      const [target] = await resolveTargets(a.host, spec);
      if (target.running) throw new TargetBusyError(`${target.distro ?? target.name} is running; run \`wsl --terminate ${target.distro ?? target.name}\` first, then retry.`);
      if (opts.output === undefined && !opts.dryRun && !opts.yes) {
        const ask = asker?.();
        if (!ask?.interactive) throw new RefusedError(`compact without --output changes ${target.path} in place: add --yes (or use --output NEW).`);
        if (!(await confirmYes(ask, `Compact ${target.path} in place?`))) throw new RefusedError("cancelled: nothing was changed");
      }
      const progress = makeProgress(a.out);
      const started = Date.now();
      let report: CompactReport;
      try {
        report = await withInterrupt((signal) =>
          compactFile(a.host, target.path, {
            output: opts.output, scrub: opts.scrub, backup: opts.backup, dryRun: opts.dryRun, signal, progress,
          })
        );
      } finally {
        progress.stop();
      }
      const seconds = (Date.now() - started) / 1000;
      if (a.out.opts.json) return a.out.json({ ...report, reclaimed: report.sizeBefore - report.sizeAfter, seconds });
      a.out.result(renderTable(["", ""], [
        ["mode", report.dryRun ? `${report.mode} (dry run: nothing written)` : report.mode],
        ["size before", formatBytes(report.sizeBefore)],
        [report.dryRun ? "size after (exact)" : "size after", formatBytes(report.sizeAfter)],
        ["reclaimed", formatBytes(report.sizeBefore - report.sizeAfter)],
        ["blocks", `${report.keptBlocks} kept, ${report.droppedBlocks} dropped${report.mode === "in-place" ? `, ${report.movedBlocks} moved` : ""}`],
        ...(report.verifiedBytes ? [["verified", `${formatBytes(report.verifiedBytes)} of used data`]] : []),
        ...(report.output ? [["output", report.output]] : []),
        ...report.keptFiles.map((f) => ["kept", f]),
        ["time", formatDuration(seconds)],
      ], a.out.width).split("\n").slice(2).join("\n"));
      for (const n of report.notes) a.out.print(`  note: ${n}`);
    });
}
