/**
 * The growth trigger of `schedule --run --grown SIZE`: measures the task's disks now (a line each in
 * the size history), decides from the history whether any has grown by SIZE since its last shrink,
 * and writes the decision to the task's log.
 * @module
 */
import type { Host } from "../../core/host/host.ts";
import { formatBytes } from "../format.ts";
import { resolveTargets } from "../targets.ts";
import { parseSize } from "../../core/units.ts";
import { UsageError } from "../../core/errors.ts";
import { growthOf, grownDecision, readHistory, recordSizes } from "../../core/history/mod.ts";
import { MAX_LOG_CHARS } from "../../core/maintenance/schedule_run.ts";

/** The decision, and the disks (as `--target` names them) the strategy should run on. */
export interface GrownRun {
  run: boolean;
  line: string;
  targets: string[];
}

/** Decides a scheduled run on growth; the given targets (default: every disk found) are the ones it covers. */
export async function grownRun(host: Host, grownText: string, targetSpecs: readonly string[], log: string, now = new Date()): Promise<GrownRun> {
  const minBytes = parseSize(grownText);
  if (minBytes === null) throw new UsageError(`--grown ${grownText} is not a size: write it like 10GiB`);
  const targets = [];
  for (const spec of targetSpecs.length ? targetSpecs : [undefined]) targets.push(...await resolveTargets(host, spec));
  const measured = await Promise.all(targets.map(async (t) => ({ name: t.name, path: t.path, size: (await host.fs.stat(t.path).catch(() => null))?.allocatedSize ?? null })));
  const warning = await recordSizes(host, "schedule", measured, now);
  const decision = grownDecision(growthOf(await readHistory(host)), minBytes, targets.map((t) => t.path), formatBytes);
  const due = new Set(decision.due.map((g) => g.path.toLowerCase()));
  await appendLog(host, log, `[${now.toISOString()}] scheduled run, growth trigger --grown ${grownText}: ${decision.line}\n${warning ? `${warning}\n` : ""}`);
  // A path given as a target stays a path; a discovered disk is named as `--target` finds it again.
  const given = new Set(targetSpecs.map((s) => s.toLowerCase()));
  return { run: decision.run, line: decision.line, targets: targets.filter((t) => due.has(t.path.toLowerCase())).map((t) => given.has(t.path.toLowerCase()) ? t.path : t.name) };
}

async function appendLog(host: Host, path: string, text: string): Promise<void> {
  await host.fs.mkdir(host.path.dirname(path));
  const old = (await host.fs.exists(path)) ? await host.fs.readText(path) : "";
  await host.fs.writeText(path, (old + text).slice(-MAX_LOG_CHARS));
}
