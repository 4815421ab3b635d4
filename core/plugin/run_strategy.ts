/**
 * The one way a strategy runs, for the CLI and for library users alike: estimate, plan and the
 * pre-flight checklist; refusal on a failed check; the confirmation (`yes`, or a question answered
 * yes); the data-loss gate of a strategy that deletes data (the target's name typed, or
 * `iUnderstandDataLoss`); then the plan's steps, in order, exactly as the dry run showed them
 * (core/plugin/run_steps.ts), with an interruption reported as {@link InterruptedError} naming the step.
 * @module
 */
import { InterruptedError, RefusedError } from "../errors.ts";
import type { Estimate, PlanStep, PluginContext, Progress, RunOptions, RunReport, Step, StrategyPlugin, Target } from "./types.ts";
import { runSteps } from "./run_steps.ts";
import { contextFor, withRunOptions } from "./context.ts";
import { withDiskHold } from "../hold/disk_hold.ts";
import { preflight } from "./preflight.ts";
import type { Check } from "./preflight.ts";

/** What the caller answers for this run, up front; `wait` waits (at most `waitTimeoutMs`) while another run holds the disk instead of refusing. */
export type RunAnswers = Pick<RunOptions, "yes" | "dryRun" | "iUnderstandDataLoss"> & { wait?: boolean; waitTimeoutMs?: number };

/** How the core talks to whoever runs it; every member is optional. */
export interface RunHooks {
  /** Shown the checklist, estimate and plan before anything is decided (the CLI prints them). */
  prepared?(preparation: Preparation): void | Promise<void>;
  /** Asks a yes/no question; absent when nobody can answer, so a run without `yes` is refused. */
  confirm?(question: string): Promise<boolean>;
  /** Asks for typed text (the data-loss gate); absent when nobody can answer. */
  ask?(question: string): Promise<string>;
  /** Progress of the run itself. */
  progress?: Progress;
}

/** Everything known before the run. */
export interface Preparation {
  strategy: string;
  target: Target;
  checks: Check[];
  estimate: Estimate | null;
  /** The steps a real run executes, in order; a dry run prints them. */
  plan: Step[];
  /** What the plan closes, named in the confirmation ("Docker Desktop", "all WSL distros"). */
  closes: string[];
  /** Why a real run would be refused by the checklist (set on a dry run too). */
  refusal?: string;
}

/** The outcome: a dry run's preparation, or the preparation and what the run did. */
export type RunOutcome =
  | { dryRun: true; preparation: Preparation }
  | { dryRun: false; preparation: Preparation; report: RunReport; seconds: number; steps: PlanStep[] };

const silent: Progress = { phase() {}, update() {}, note() {} };

/** Estimate, plan and checklist of `plugin` on `target`, changing nothing. */
export async function prepareRun(ctx: PluginContext, plugin: StrategyPlugin, target: Target): Promise<Preparation> {
  const own = contextFor(ctx, plugin);
  const estimate = await plugin.estimate(own, target).catch(() => null);
  const plan = await plugin.plan(own, target);
  const checks = await preflight(ctx, plugin, target, estimate, plan);
  const failed = checks.find((c) => c.status === "fail");
  return {
    strategy: plugin.name, target, checks, estimate, plan,
    closes: [...new Set(plan.flatMap((s) => s.closes ?? []))],
    ...(failed ? { refusal: `cannot run ${plugin.name}: ${failed.label}${failed.detail ? ` (${failed.detail})` : ""}` } : {}),
  };
}

/** Refuses unless the user confirmed: `yes`, or a question answered yes. */
async function requireConfirmation(p: Preparation, answers: RunAnswers, hooks: RunHooks): Promise<void> {
  if (answers.yes) return;
  const { strategy, target, closes } = p;
  if (!hooks.confirm) {
    throw new RefusedError(`${strategy} changes ${target.path}${closes.length ? ` and closes ${closes.join(", ")}` : ""}: add --yes to run without a prompt`);
  }
  const what = closes.length ? ` This closes ${closes.join(" and ")}.` : "";
  if (!(await hooks.confirm(`Run ${strategy} on ${target.name}?${what}`))) throw new RefusedError("cancelled: nothing was changed");
}

/**
 * The data-loss gate: a strategy that keeps no data runs only after the target's name was typed,
 * or with `iUnderstandDataLoss` where nobody can type (scripts).
 */
async function requireDataLossConsent(plugin: StrategyPlugin, target: Target, answers: RunAnswers, hooks: RunHooks): Promise<void> {
  if (plugin.metadata.dataPreservation !== "none" || answers.iUnderstandDataLoss) return;
  const name = target.name;
  if (!hooks.ask) {
    throw new RefusedError(`${plugin.name} deletes ${name} and all its data: type its name at the prompt, or pass --i-understand-data-loss in scripts; nothing was changed`);
  }
  const typed = (await hooks.ask(`This deletes ${name} and ALL its data. Type its name to confirm: `)).trim();
  if (typed !== name) throw new RefusedError(`the typed name "${typed}" is not ${name}: nothing was changed`);
}

/**
 * Runs `plugin` on `target` under the core's safety policy (see the module comment).
 * @throws RefusedError on a failed check, a missing confirmation or data-loss consent
 * @throws InterruptedError when `ctx.signal` aborted the run
 * @example
 * const outcome = await runStrategy(ctx, registry.get("native"), target, { yes: true });
 * if (!outcome.dryRun) console.log(outcome.report.sizeBefore - outcome.report.sizeAfter);
 */
export async function runStrategy(ctx: PluginContext, plugin: StrategyPlugin, target: Target, answers: RunAnswers = {}, hooks: RunHooks = {}): Promise<RunOutcome> {
  // One writer at a time (core/hold/disk_hold.ts): a real run holds the target's disk from the
  // checklist to the end, so a second run refuses in one line instead of writing beside it. The lock
  // file only: the tools some strategies run (wsl --export, diskpart, Optimize-VHD) open the disk.
  if (answers.dryRun || !target.path || !(await ctx.host.fs.exists(target.path))) return await runGated(ctx, plugin, target, answers, hooks);
  const waiting = { wait: answers.wait, waitTimeoutMs: answers.waitTimeoutMs, progress: hooks.progress };
  return await withDiskHold(ctx.host, target.path, { signal: ctx.signal, ...waiting }, (hold) => {
    for (const n of hold.notes) hooks.progress?.note(n);
    return runGated(ctx, plugin, target, answers, hooks);
  });
}

/** {@link runStrategy} once the disk is held. */
async function runGated(ctx: PluginContext, plugin: StrategyPlugin, target: Target, answers: RunAnswers, hooks: RunHooks): Promise<RunOutcome> {
  const preparation = await prepareRun(ctx, plugin, target);
  await hooks.prepared?.(preparation);
  if (answers.dryRun) return { dryRun: true, preparation };
  if (preparation.refusal) throw new RefusedError(preparation.refusal);
  await requireConfirmation(preparation, answers, hooks);
  await requireDataLossConsent(plugin, target, answers, hooks);
  // The gate is passed: the strategy is told so, and does not ask again.
  const own = contextFor(withRunOptions(ctx, { yes: true, iUnderstandDataLoss: plugin.metadata.dataPreservation === "none" ? true : answers.iUnderstandDataLoss }), plugin);
  const started = Date.now();
  const progress = hooks.progress ?? silent;
  const plan = preparation.plan;
  if (plugin.run && !plan.some((s) => s.run)) {
    // The older contract: the plan only informs, and run() does the whole work as one step.
    const legacyRun = plugin.run;
    let report: RunReport;
    try {
      report = await legacyRun(own, target, progress);
    } catch (e) {
      if (ctx.signal.aborted && !(e instanceof InterruptedError)) throw new InterruptedError(`interrupted: ${(e as Error).message}`);
      throw e;
    }
    return { dryRun: false, preparation, report, seconds: (Date.now() - started) / 1000, steps: plan.map(shown) };
  }
  const { report, ran } = await runSteps(own, target, plan, { progress, measure: plugin.measure ?? "length" });
  return { dryRun: false, preparation, report, seconds: (Date.now() - started) / 1000, steps: ran };
}

/** What the dry run shows of a step (its work left out). */
export function shown(step: Step): PlanStep {
  const { run: _run, onFailure: _onFailure, leaves: _leaves, ...plain } = step;
  return plain;
}
