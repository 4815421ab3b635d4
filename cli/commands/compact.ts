/**
 * `vhdx-shrink compact FILE [--output NEW] [--yes]`: the native strategy on one file, without the
 * strategy menu: the same running-target refusal (core/plugin/target_in_use.ts), the same one-writer
 * hold (core/hold/disk_hold.ts, taken by the compactor) and, for a dry run, the same steps
 * (plugins/native/plan_steps.ts). Copy mode only reads FILE, so it needs no --yes; in-place mode
 * changes it and needs --yes (or a "y"). It prints the compactor's own report (mode, blocks moved,
 * bytes verified), which `--strategy native` sums up as sizes and notes.
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
import { withGlobalOptions } from "../global_options.ts";
import { resolveOneTarget, TARGET_FLAG, targetSpec } from "../targets.ts";
import { compactFile } from "../../core/compact/compact_file.ts";
import type { CompactReport } from "../../core/compact/compact_report.ts";
import { RefusedError, TargetBusyError, UsageError, UserFacingError } from "../../core/errors.ts";
import { targetInUse } from "../../core/plugin/target_in_use.ts";
import { nativePlan } from "../../plugins/native/plan_steps.ts";
import { recordShrink } from "../../core/history/mod.ts";

/** Options of `compact`. */
interface CompactOptions {
  target?: string;
  output?: string;
  yes?: boolean;
  scrub: boolean;
  backup?: boolean;
  dryRun?: boolean;
  /** `true` (no limit) or the seconds to wait at most. */
  wait?: boolean | string;
}

/** `--wait [seconds]`: whether to wait for another run's hold, and for how long at most (also the default command's). */
export function waitOptions(wait: boolean | string | undefined): { wait: boolean; waitTimeoutMs?: number } {
  if (wait === undefined || wait === false) return { wait: false };
  if (wait === true) return { wait: true };
  const seconds = Number(wait);
  if (!Number.isFinite(seconds) || seconds < 0) throw new UsageError(`--wait takes a number of seconds, not "${wait}"`);
  return { wait: true, waitTimeoutMs: seconds * 1000 };
}

const EXAMPLES = `
Examples:
  vhdx-shrink compact ext4.vhdx --output small.vhdx    write a compacted copy; ext4.vhdx is only read
  vhdx-shrink compact ext4.vhdx --yes                  compact in place (needs no free space)
  vhdx-shrink compact ext4.vhdx --dry-run --json       what would be dropped and moved
  vhdx-shrink compact ext4.vhdx --yes --wait 600       wait up to 10 minutes if another run holds the disk`;

/** Adds the `compact` command. `asker` defaults to never asking (then in-place mode needs --yes). */
export function addCompactCommand(program: Command, app: () => Promise<App>, asker?: () => Asker): void {
  withGlobalOptions(program.command("compact"))
    .description("compact a VHDX from its ext4 allocation map (native; no Hyper-V, no admin)")
    .argument("[file]", "the VHDX file (or a distro / Docker disk name on Windows)")
    .option(TARGET_FLAG, "the same as FILE")
    .option("-o, --output <new>", "write a compacted copy here instead of changing FILE")
    .option("-y, --yes", "change FILE in place without asking")
    .option("--backup", "in place: copy FILE to FILE.bak first (refused when there is no room)")
    .option("-n, --dry-run", "show what would happen; write nothing")
    .option("--wait [seconds]", "when another run holds the disk, wait for it (at most this long) instead of refusing")
    .addOption(new Option("--no-scrub", "keep the bytes of free filesystem blocks inside kept blocks"))
    .addHelpText("after", EXAMPLES)
    .action(async (spec: string | undefined, opts: CompactOptions) => {
      const waiting = waitOptions(opts.wait);
      const a = await app();
      const target = await resolveOneTarget(a.host, targetSpec(spec, opts.target), "compact");
      if (opts.output !== undefined) {
        const folder = a.host.path.dirname(a.host.path.resolve(opts.output));
        const info = await a.host.fs.stat(folder);
        if (!info?.isDirectory) throw new UserFacingError(`--output ${opts.output}: the folder ${folder} does not exist; create it first or write the copy elsewhere`, 1);
      }
      const inUse = targetInUse(target);
      if (inUse) throw new TargetBusyError(inUse);
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
            output: opts.output, scrub: opts.scrub, backup: opts.backup, dryRun: opts.dryRun, signal, progress, ...waiting,
          })
        );
      } finally {
        progress.stop();
      }
      const seconds = (Date.now() - started) / 1000;
      if (!report.dryRun && !report.output) {
        // An in-place compaction is a shrink of this disk: the size history counts growth from what it left.
        const left = (await a.host.fs.stat(target.path).catch(() => null))?.allocatedSize ?? report.sizeAfter;
        const recorded = await recordShrink(a.host, target, { before: report.sizeBefore, after: left, strategy: "native" });
        if (recorded) a.out.warn(recorded);
      }
      // A dry run shows the native strategy's steps: what this command and `--strategy native` run.
      const plan = report.dryRun ? nativePlan(target, report) : undefined;
      if (a.out.opts.json) return a.out.json({ ...report, reclaimed: report.sizeBefore - report.sizeAfter, seconds, ...(plan ? { plan } : {}) });
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
      if (plan) {
        a.out.print("Plan (the native strategy's steps):");
        plan.forEach((s, i) => {
          a.out.print(`  ${i + 1}. ${s.description}`);
          for (const d of s.details ?? []) a.out.print(`       - ${d}`);
        });
      }
    });
}
