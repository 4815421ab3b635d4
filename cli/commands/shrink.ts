/**
 * The default command: `vhdx-shrink [--strategy NAME] [--target T] [--dry-run] [--yes]`.
 * Finds the disks, compares, recommends, shows the pre-flight checklist and the plan, asks, runs,
 * and reports before/after. Non-interactive runs never prompt and never pick a data-losing strategy.
 * @module
 */
import type { Command } from "commander";
import type { App } from "../app.ts";
import { withGlobalOptions } from "../global_options.ts";
import { formatBytes, formatDuration, renderTable } from "../format.ts";
import { resolveTargets, targetArg, targetSpec } from "../targets.ts";
import { compareTarget } from "../../core/plugin/strategy_rows.ts";
import type { StrategyRow } from "../../core/plugin/strategy_rows.ts";
import { makeContext } from "../context.ts";
import { runStrategy, shown } from "../../core/plugin/run_strategy.ts";
import type { PluginRegistry } from "../../core/plugin/registry.ts";
import { addStrategyOptions } from "../plugin_flags.ts";
import type { Preparation } from "../../core/plugin/run_strategy.ts";
import type { PluginContext, StrategyPlugin, Target } from "../../core/plugin/types.ts";
import { InterruptedError, RefusedError, UsageError } from "../../core/errors.ts";
import { confirmYes } from "../confirm.ts";
import type { Asker } from "../confirm.ts";
import { makeProgress } from "../progress.ts";
import { withInterrupt } from "../interrupt.ts";
import { afterShrink, beforeShrink, explainLocks } from "./shrink_workflow.ts";
import { topConsumerLines, topConsumers } from "../top_consumers.ts";
import { checkReportFile } from "../report/report_file.ts";
import { writeTargetReport } from "../report/target_report.ts";
import type { WorkflowOptions } from "./shrink_workflow.ts";
import { waitOptions } from "./compact.ts";
import { recordShrink } from "../../core/history/mod.ts";

/**
 * Options of the default command. The strategies' own options (flags made from their schemas) arrive
 * here too and pass through to each strategy, parsed by its schema, as `ctx.options`.
 */
export interface ShrinkOptions extends WorkflowOptions {
  strategy?: string;
  target?: string;
  dryRun?: boolean;
  yes?: boolean;
  iUnderstandDataLoss?: boolean;
  /** `--wait [seconds]`: wait for another run's hold on the disk (at most this long) instead of refusing. */
  wait?: boolean | string;
  /** Also show the biggest folders inside each disk next to the recommendation. */
  usage?: boolean;
  /** Write the chosen disk's HTML report (as it is before any change). */
  report?: string;
}

/** Folders `--usage` shows per disk (as `compare --usage`). */
const USAGE_TOP = 5;

/** Adds the default command's options and action to the program. */
export function addShrinkAction(program: Command, app: () => Promise<App>, asker: () => Asker, registry?: PluginRegistry): void {
  program
    .option("-s, --strategy <name>", "strategy to run (see `vhdx-shrink compare`)")
    .option("-t, --target <distro|file>", "distro name, Docker disk name or VHDX path")
    .option("-n, --dry-run", "print the plan's exact steps and change nothing")
    .option("-y, --yes", "do not ask for confirmation (scripts)")
    .option("--i-understand-data-loss", "a data-losing strategy (unregister-only): confirm deleting the data without typing the name")
    .option("--prune [scope]", "first delete unused Docker data (lists it and asks; --prune=builder: build cache only)")
    .option("--restart-docker", "start Docker Desktop afterwards and wait for it (default when it was running)")
    .option("--no-restart-docker", "leave Docker Desktop stopped afterwards")
    .option("--retrim", "afterwards retrim the host volume holding the disk (defrag X: /L, elevated)")
    .option("--usage", "also show the biggest folders inside each disk (read from the VHDX, nothing runs)")
    .option("--report <file>", "write the chosen disk's HTML report first (treemap, Docker view, strategies; read-only)")
    .option("--wait [seconds]", "when another run holds the disk, wait for it (at most this long) instead of refusing")
    .allowExcessArguments(true);
  if (registry) addStrategyOptions(program, registry);
  program
    .action(async (opts: ShrinkOptions, cmd: Command) => {
      // A word that looks like a VHDX path is the target (`vhdx-shrink ext4.vhdx` as `--target ext4.vhdx`);
      // any other word is a mistyped command.
      const [first, ...extra] = cmd.args;
      if (first !== undefined && (!looksLikePath(first) || extra.length > 0)) {
        const names = cmd.commands.map((c) => c.name()).join(", ");
        throw new UsageError(looksLikePath(first)
          ? `one target at a time: unexpected '${extra[0]}' after ${first}`
          : `unknown command '${first}': commands are ${names} (see vhdx-shrink --help; a distro is named with --target NAME)`);
      }
      await shrink(await app(), { ...opts, target: targetSpec(first, opts.target) }, asker());
    });
}

/** A word the default command takes as its target: a path (a separator in it) or a file ending .vhdx. */
function looksLikePath(word: string): boolean {
  return /[\\/]/.test(word) || /\.vhdx$/i.test(word);
}

async function shrink(a: App, opts: ShrinkOptions, asker: Asker): Promise<void> {
  const out = a.out;
  await withInterrupt(async (signal) => {
    const ctx = makeContext(a, { ...opts, interactive: asker.interactive }, signal, asker.interactive ? (q) => asker.ask(q) : undefined);
    const targets = await resolveTargets(a.host, opts.target);
    if (opts.report) await checkReportFile(a, opts.report, "--report");
    const workflow = await beforeShrink(a, opts, asker, targets, signal);
    const { target, strategy } = await choose(a, ctx, targets, opts, asker);
    // The picture of the disk as it is now, before any step changes it.
    if (opts.report) await writeTargetReport(a, target, opts.report, opts as unknown as Record<string, unknown>);
    if (!strategy) return;
    await explainLocks(a, target);
    if (await runChosen(a, ctx, strategy, target, opts, asker)) await afterShrink(a, opts, workflow, target);
  });

  async function choose(a: App, ctx: PluginContext, targets: Target[], opts: ShrinkOptions, asker: Asker) {
    if (opts.strategy) {
      const strategy = a.registry.get(opts.strategy);
      if (targets.length > 1) {
        throw new UsageError(`several disks found (${targets.map((t) => t.name).join(", ")}): choose one with --target`);
      }
      return { target: targets[0], strategy };
    }
    // No strategy given: show the disks, recommend per disk, pick the biggest win.
    const overview: { target: Target; best: StrategyRow | null; size: number | null }[] = [];
    for (const t of targets) {
      const c = await compareTarget(ctx, a.registry, t);
      overview.push({ target: t, best: c.recommended, size: c.analysis?.fileSize ?? null });
    }
    overview.sort((x, y) => (y.best?.estimate?.reclaimable ?? -1) - (x.best?.estimate?.reclaimable ?? -1));
    const usages = opts.usage ? await Promise.all(overview.map((o) => topConsumers(a.host, o.target.path, USAGE_TOP))) : [];
    if (out.opts.json && !opts.yes) {
      out.json({ targets: overview.map((o, i) => ({
        target: o.target, fileSize: o.size, recommended: o.best, ...(usages[i] ? { usage: { ...usages[i], scan: undefined } } : {}),
      })) });
      return { target: overview[0].target, strategy: null };
    }
    out.print(renderTable(["target", "kind", "size", "reclaimable", "recommended"], overview.map((o) => [
      o.target.name, o.target.kind, o.size === null ? "?" : formatBytes(o.size),
      o.best?.estimate ? (o.best.estimate.exact ? "" : "~") + formatBytes(o.best.estimate.reclaimable) : "-",
      o.best?.name ?? "nothing to do",
    ]), out.width));
    usages.forEach((u, i) => out.print(`\n${overview[i].target.name}\n` + topConsumerLines(u, USAGE_TOP, out.style, out.width).join("\n")));
    const top = overview[0];
    if (!top.best) {
      out.result("Nothing to reclaim with the strategies available here (see `vhdx-shrink compare` for why).");
      return { target: top.target, strategy: null };
    }
    out.print(`\nBiggest win: ${top.target.name} with ${top.best.name} (${formatBytes(top.best.estimate!.reclaimable)}).`);
    if (!opts.yes && !asker.interactive && !opts.dryRun) {
      out.result(`Run: vhdx-shrink --strategy ${top.best.name} --target ${targetArg(top.target)} --yes`);
      return { target: top.target, strategy: null };
    }
    return { target: top.target, strategy: a.registry.get(top.best.name) };
  }
}

/** Runs the chosen strategy through the core's {@link runStrategy}; true when it ran (not a dry run). */
async function runChosen(a: App, ctx: PluginContext, plugin: StrategyPlugin, target: Target, opts: ShrinkOptions, asker: Asker): Promise<boolean> {
  const out = a.out;
  const progress = makeProgress(out);
  let outcome;
  try {
    outcome = await runStrategy(ctx, plugin, target, { yes: opts.yes, dryRun: opts.dryRun, iUnderstandDataLoss: opts.iUnderstandDataLoss, ...waitOptions(opts.wait) }, {
      prepared: (p) => {
        if (!(out.opts.json && opts.dryRun)) printPreparation(a, p);
      },
      ...(asker.interactive ? { confirm: (q: string) => confirmYes(asker, q), ask: (q: string) => asker.ask(q) } : {}),
      progress,
    });
  } finally {
    progress.stop();
  }
  const p = outcome.preparation;
  if (outcome.dryRun) {
    if (out.opts.json) {
      out.json({ strategy: plugin.name, target, dryRun: true, checks: p.checks, estimate: p.estimate, plan: p.plan.map(shown) });
      return false;
    }
    if (p.refusal) throw new RefusedError(p.refusal);
    out.result("Dry run: nothing was changed.");
    return false;
  }
  const { report, seconds } = outcome;
  const reclaimed = report.sizeBefore - report.sizeAfter;
  // The history counts growth from what the shrink left, measured as list measures (size on disk).
  const left = (await a.host.fs.stat(target.path).catch(() => null))?.allocatedSize ?? report.sizeAfter;
  const recorded = await recordShrink(a.host, target, { before: report.sizeBefore, after: left, strategy: plugin.name });
  if (recorded) out.warn(recorded);
  if (out.opts.json) {
    out.json({ strategy: plugin.name, target, ...report, reclaimed, seconds });
    return true;
  }
  out.result(renderTable(["", ""], [
    ["size before", formatBytes(report.sizeBefore)],
    ["size after", formatBytes(report.sizeAfter)],
    ["reclaimed", formatBytes(reclaimed)],
    ["time", formatDuration(seconds)],
    ...report.keptFiles.map((f) => ["kept", f]),
  ], out.width).split("\n").slice(2).join("\n"));
  for (const n of report.notes) out.print(`  ${n}`);
  return true;
}

/** The checklist, the estimate and the plan, as the user reads them before deciding. */
function printPreparation(a: App, p: Preparation): void {
  const out = a.out;
  const { checks, estimate, plan } = p;
  out.print(out.style.bold(`${p.strategy} on ${p.target.name}`) + `  ${p.target.path}`);
  out.print("Pre-flight checks:");
  const mark = { ok: out.style.green("[ok]"), warn: out.style.yellow("[!!]"), fail: out.style.red("[no]") };
  for (const c of checks) out.print(`  ${mark[c.status]} ${c.label}${c.detail ? ` - ${c.detail}` : ""}`);
  if (estimate) {
    out.print(`Expected: ${formatBytes(estimate.sizeAfter)} afterwards, ${estimate.exact ? "" : "about "}${formatBytes(estimate.reclaimable)} reclaimed, ${formatDuration(estimate.seconds)}${estimate.note ? ` (${estimate.note})` : ""}`);
  }
  out.print("Plan:");
  plan.forEach((s, i) => {
    out.print(`  ${i + 1}. ${s.description}${s.command ? `\n       ${out.style.dim(s.command)}` : ""}${s.elevated ? out.style.yellow(" [elevated]") : ""}`);
    for (const d of s.details ?? []) out.print(`       - ${d}`);
  });
}
