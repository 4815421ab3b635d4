/**
 * What the scheduled task runs: `vhdx-shrink schedule --run`. It watches each target and, when watch
 * exits 3 (above the threshold), runs the strategy on it; every step's output goes to the log under
 * `%LOCALAPPDATA%\vhdx-shrink`. The exit code is the task's result: 0 when every step did its job,
 * otherwise the first failing step's code (watch-only: watch's own code, 3 above the threshold).
 * @module
 */
import type { Host } from "../host/host.ts";
import { WATCH_OVER_THRESHOLD_EXIT as WATCH_ABOVE } from "./errors.ts";
/** The log keeps its last bytes only. */
export const MAX_LOG_CHARS = 1024 * 1024;

/** What one scheduled run does. */
export interface ScheduledRun {
  threshold: string;
  strategy?: string;
  targets: string[];
}

/** Runs vhdx-shrink with `argv` in this process; `write` receives everything it prints. */
export type RunSelf = (argv: string[], write: (text: string) => void) => Promise<number>;

/** The step lines of a run, for the log and for tests. */
export function scheduledSteps(run: ScheduledRun): { watch: string[]; shrink?: string[] }[] {
  const watch = (target?: string) => ["watch", "--threshold", run.threshold, ...(target ? ["--target", target] : [])];
  if (!run.strategy) return run.targets.length ? run.targets.map((t) => ({ watch: watch(t) })) : [{ watch: watch() }];
  const targets = run.targets.length ? run.targets : [undefined];
  return targets.map((t) => ({ watch: watch(t), shrink: ["--strategy", run.strategy!, ...(t ? ["--target", t] : []), "--yes"] }));
}

/** Runs the steps, appends their output to `logPath`, and returns the task's exit code. */
export async function runScheduled(host: Host, run: ScheduledRun, logPath: string, runSelf: RunSelf, now = () => new Date()): Promise<number> {
  let text = "";
  const write = (t: string) => void (text += t);
  write(`[${now().toISOString()}] scheduled run: watch --threshold ${run.threshold}${run.strategy ? `, then ${run.strategy}` : ""}\n`);
  let result = 0;
  for (const step of scheduledSteps(run)) {
    write(`> vhdx-shrink ${step.watch.join(" ")}\n`);
    const watched = await runSelf(step.watch, write);
    if (!step.shrink) {
      if (result === 0) result = watched;
      continue;
    }
    if (watched !== 0 && watched !== WATCH_ABOVE) {
      write(`watch failed (exit ${watched}); no shrink\n`);
      if (result === 0) result = watched;
      continue;
    }
    if (watched === 0) continue;
    write(`> vhdx-shrink ${step.shrink.join(" ")}\n`);
    const shrunk = await runSelf(step.shrink, write);
    if (shrunk !== 0 && result === 0) result = shrunk;
  }
  write(`[${now().toISOString()}] exit ${result}\n`);
  await appendLog(host, logPath, text);
  return result;
}

async function appendLog(host: Host, path: string, text: string): Promise<void> {
  await host.fs.mkdir(host.path.dirname(path));
  const old = (await host.fs.exists(path)) ? await host.fs.readText(path) : "";
  await host.fs.writeText(path, (old + text).slice(-MAX_LOG_CHARS));
}
