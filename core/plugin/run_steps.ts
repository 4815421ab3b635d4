/**
 * Running a plan: the steps in order, each exactly as the dry run showed it. The core owns what every
 * strategy needs around them: the disk exists before the first step, a checkpoint for Ctrl-C before
 * each step, a step's failure handler when it fails, the work registered for the end (starting
 * Docker Desktop again) after success and failure alike, the notes and kept files of the report,
 * and the sizes before and after.
 * @module
 */
import { InterruptedError, RefusedError } from "../errors.ts";
import type { FileInfo } from "../host/host.ts";
import type { PlanStep, PluginContext, Progress, RunReport, Step, StepContext, StrategyPlugin, Target } from "./types.ts";
import { contextFor } from "./context.ts";

/** How {@link runSteps} reports progress and measures the result. */
export interface StepRunOptions {
  progress: Progress;
  /** The file's length, or the space it occupies (a sparse file keeps its length). */
  measure: "length" | "allocated";
}

/** What the steps did. */
export interface StepsOutcome {
  report: RunReport;
  /** The steps that ran to their end, in order, as the dry run showed them. */
  ran: PlanStep[];
}

const plainStep = ({ run: _run, onFailure: _onFailure, leaves: _leaves, ...shown }: Step): PlanStep => shown;

/** Where a run stands after `done` steps of `plan`, for the interruption report. */
export function checkpoint(plan: Step[], done: number): string {
  const total = plan.length;
  if (done === 0) return `stopped before step 1 of ${total}; the disk is unchanged`;
  const last = plan[done - 1];
  const changed = plan.slice(0, done).some((s) => s.changes && s.run);
  const state = last.leaves ?? (changed ? `the disk is as step ${done} left it` : "the disk is unchanged");
  return `stopped after step ${done} of ${total} (${last.description}); ${state}`;
}

/** The error of step `i`, with the step named when it was an interruption. */
function atStep(e: unknown, plan: Step[], i: number, signal: AbortSignal): unknown {
  const where = `step ${i + 1} of ${plan.length} (${plan[i].description})`;
  if (e instanceof InterruptedError) return new InterruptedError(`${e.message} [stopped in ${where}]`);
  if (signal.aborted) return new InterruptedError(`interrupted: ${(e as Error).message} [stopped in ${where}]`);
  return e;
}

/**
 * Runs `plan` on `target` for a context that passed the core's gates.
 * @throws RefusedError when the disk does not exist (nothing ran)
 * @throws InterruptedError when Ctrl-C stopped the run, naming the step
 */
export async function runSteps(ctx: PluginContext, target: Target, plan: Step[], opts: StepRunOptions): Promise<StepsOutcome> {
  const before = await ctx.host.fs.stat(target.path);
  if (!before) throw new RefusedError(`${target.path} does not exist; nothing was changed`);
  const notes: string[] = [];
  const keptFiles: string[] = [];
  const atEnd: (() => Promise<void>)[] = [];
  let resultPath = target.path;
  const stepCtx: StepContext = {
    signal: ctx.signal,
    progress: opts.progress,
    note: (m) => void notes.push(m),
    keep: (p) => void keptFiles.push(p),
    resultAt: (p) => void (resultPath = p),
    atEnd: (work) => void atEnd.push(work),
  };
  const ran: PlanStep[] = [];
  try {
    for (const [i, step] of plan.entries()) {
      if (ctx.signal.aborted) throw new InterruptedError(`interrupted: ${checkpoint(plan, i)}`);
      try {
        await step.run?.(stepCtx);
      } catch (e) {
        await step.onFailure?.(stepCtx, e).catch((f) => ctx.log.warn(`after the failure of step ${i + 1}: ${(f as Error).message}`));
        throw atStep(e, plan, i, ctx.signal);
      }
      ran.push(plainStep(step));
    }
  } finally {
    for (const work of atEnd.reverse()) await work().catch((e) => void notes.push(`${(e as Error).message}`));
  }
  const after = await ctx.host.fs.stat(resultPath);
  // Size on disk unknown (null) on either side: both sides are measured by length, and the notes say so.
  const allocated = opts.measure === "allocated" && before.allocatedSize !== null && (after === null || after.allocatedSize !== null);
  if (opts.measure === "allocated" && !allocated) notes.push("the size on disk could not be read, so the sizes shown are the file's length");
  const size = (f: FileInfo) => allocated ? f.allocatedSize ?? f.size : f.size;
  return { report: { sizeBefore: size(before), sizeAfter: after ? size(after) : 0, keptFiles, notes }, ran };
}

/**
 * Plans `plugin` on `target` and runs the steps (a plugin of the older contract: its `run`), with
 * none of the core's gates: no checklist, confirmation or data-loss consent. For tests and for
 * callers that made those decisions themselves; everyone else uses `runStrategy`.
 */
export async function planAndRun(plugin: StrategyPlugin, ctx: PluginContext, target: Target, progress: Progress): Promise<RunReport> {
  const own = contextFor(ctx, plugin);
  const plan = await plugin.plan(own, target);
  if (plugin.run && !plan.some((s) => s.run)) return plugin.run(own, target, progress);
  return (await runSteps(own, target, plan, { progress, measure: plugin.measure ?? "length" })).report;
}
