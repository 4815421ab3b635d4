/**
 * `vhdx-shrink compare [--target T]`: every registered strategy for each target, with this disk's numbers.
 * @module
 */
import type { Command } from "commander";
import type { App } from "../app.ts";
import { withGlobalOptions } from "../global_options.ts";
import { formatBytes, formatDuration } from "../format.ts";
import { resolveTargets, TARGET_FLAG, targetArg, targetSpec } from "../targets.ts";
import { compareTarget } from "../../core/plugin/strategy_rows.ts";
import type { StrategyRow } from "../../core/plugin/strategy_rows.ts";
import { makeContext } from "../context.ts";
import { topConsumerLines, topConsumers } from "../top_consumers.ts";
import type { TopConsumers } from "../top_consumers.ts";
import type { Target } from "../../core/domain/target.ts";
import type { PluginRegistry } from "../../core/plugin/registry.ts";
import { addStrategyOptions } from "../plugin_flags.ts";
import { UsageError } from "../../core/errors.ts";
import { checkReportFile } from "../report/report_file.ts";
import { writeTargetReport } from "../report/target_report.ts";

/** Folders `compare --usage` shows per disk. */
const USAGE_TOP = 5;

/** Adds the `compare` command. */
export function addCompareCommand(program: Command, app: () => Promise<App>, registry?: PluginRegistry): void {
  const compare = withGlobalOptions(program.command("compare"))
    .description("compare every strategy for a disk: availability, safety and this disk's estimated result")
    .argument("[target]", "a distro name, a Docker disk name or a VHDX path (default: every disk found)")
    .option(TARGET_FLAG, "the same as TARGET")
    .option("--usage", "also show the biggest folders inside each disk (reads its files)")
    .option("--html <file>", "also write the disk's HTML report: treemap, Docker view, this table (one disk)")
    .addHelpText("after", "\nExamples:\n  vhdx-shrink compare\n  vhdx-shrink compare Ubuntu --json\n  vhdx-shrink compare --target D:\\wsl\\ext4.vhdx");
  // The strategies' own flags: their probes and estimates see the values, as a run would.
  if (registry) addStrategyOptions(compare, registry);
  compare
    .action(async (spec: string | undefined, opts: { target?: string; usage?: boolean; html?: string } & Record<string, unknown>) => {
      const a = await app();
      const ctx = makeContext(a, opts);
      const targets = await resolveTargets(a.host, targetSpec(spec, opts.target));
      if (opts.html && targets.length > 1) throw new UsageError(`--html writes one disk: choose it (${targets.map((t) => t.name).join(", ")})`);
      if (opts.html) await checkReportFile(a, opts.html, "--html");
      const results = [];
      const usages = new Map<Target, TopConsumers>();
      for (const target of targets) {
        const { analysis, analysisError: error, rows, recommended: best } = await compareTarget(ctx, a.registry, target);
        const usage = opts.usage ? await topConsumers(a.host, target.path, USAGE_TOP) : undefined;
        if (usage) usages.set(target, usage);
        results.push({ target, analysis: analysis ?? null, analysisError: error, strategies: rows, recommended: best?.name ?? null, ...(usage ? { usage: { ...usage, scan: undefined } } : {}) });
      }
      if (opts.html) await writeTargetReport(a, targets[0], opts.html, opts);
      if (a.out.opts.json) return a.out.json({ targets: results });
      for (const r of results) {
        const size = r.analysis ? formatBytes(r.analysis.fileSize) : "?";
        a.out.result(a.out.style.bold(`${r.target.name}`) + `  (${r.target.kind}, ${size})  ${r.target.path}`);
        if (r.analysisError) a.out.result(a.out.style.yellow(`  cannot analyze: ${r.analysisError}`));
        a.out.result(a.out.table(
          ["strategy", "available", "keeps data", "reliability", "size after", "reclaimed", "temp space", "time", "admin"],
          r.strategies.map((s) => tableRow(s)),
          [1],
        ));
        for (const s of r.strategies.filter((s) => !s.available && s.reason)) a.out.print(a.out.style.dim(`  ${s.name}: ${s.reason}`));
        for (const s of r.strategies.filter((s) => s.estimate?.note)) a.out.print(a.out.style.dim(`  ${s.name}: ${s.estimate!.note}`));
        const usage = usages.get(r.target);
        if (usage) a.out.result(topConsumerLines(usage, USAGE_TOP, a.out.style, a.out.width).join("\n"));
        a.out.result(r.recommended
          ? `Recommended: ${a.out.style.green(r.recommended)}  (vhdx-shrink --strategy ${r.recommended} --target ${targetArg(r.target)})\n`
          : r.strategies.some((s) => s.available && s.dataPreservation === "full" && s.estimate)
          ? "Nothing to reclaim on this disk.\n"
          : "No data-preserving strategy is available for this disk here.\n");
      }
    });
}

function tableRow(s: StrategyRow): string[] {
  const e = s.estimate;
  return [
    s.name,
    s.available ? "yes" : "no",
    s.dataPreservation === "full" ? "yes" : "NO",
    s.reliability,
    e ? (e.exact ? "" : "~") + formatBytes(e.sizeAfter) : "-",
    e ? (e.exact ? "" : "~") + formatBytes(e.reclaimable) : "-",
    e ? formatBytes(e.tempSpace) : "-",
    e ? formatDuration(e.seconds) : "-",
    s.admin ? "yes" : "no",
  ];
}
