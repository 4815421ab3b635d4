/**
 * `vhdx-shrink fix --unattended [--threshold SIZE|PERCENT] [--stop-wsl]`: the remediation half of
 * fleet mode. Shrinks, with the native strategy in place, every disk of the current user that can
 * give back at least the threshold and that nothing holds: a running distro or Docker Desktop is
 * left alone unless `--stop-wsl` (which stops WSL and Docker Desktop for the run and starts Docker
 * Desktop again after it). Never asks; one result line; a run lock so two runs never overlap; a log
 * under %LOCALAPPDATA%\vhdx-shrink (docs/fleet.md).
 * @module
 */
import type { Command } from "commander";
import type { App } from "../app.ts";
import { withGlobalOptions } from "../global_options.ts";
import { formatBytes } from "../format.ts";
import { TARGET_FLAG, targetSpec } from "../targets.ts";
import { makeContext } from "../context.ts";
import { fleetApp, surveyAll } from "./check.ts";
import { DEFAULT_THRESHOLD, describeThreshold, parseThreshold } from "../../core/fleet/threshold.ts";
import type { Threshold } from "../../core/fleet/threshold.ts";
import { surveyDisk } from "../../core/fleet/survey.ts";
import type { SurveyedDisk } from "../../core/fleet/survey.ts";
import { oneLine } from "../../core/fleet/one_line.ts";
import { appendFixLog, fleetPaths, holdFixRun } from "../../core/fleet/fleet_files.ts";
import { runStrategy } from "../../core/plugin/run_strategy.ts";
import { recordShrink } from "../../core/history/mod.ts";
import { DiskHeldError, TargetBusyError, UsageError, UserFacingError } from "../../core/errors.ts";
import type { PluginContext, Target } from "../../core/plugin/types.ts";

/** Exit codes of `fix --unattended` (docs/fleet.md). */
export const FIX_EXIT = {
  /** Every disk at or above the threshold was shrunk, or none was. */
  done: 0,
  /** A shrink failed (the disk is as the failure line says; the native strategy is all or nothing). */
  failed: 1,
  usage: 2,
  /** A disk at or above the threshold was in use and left alone; nothing failed. */
  skipped: 4,
  /** Another `fix` run holds the run lock; this one changed nothing. */
  busy: 5,
} as const;

const EXAMPLES = `
Exit codes: ${FIX_EXIT.done} done (or nothing to do), ${FIX_EXIT.failed} a shrink failed, ${FIX_EXIT.usage} usage, ${FIX_EXIT.skipped} a disk was in use and skipped, ${FIX_EXIT.busy} another fix run is in progress.
Output: one line under 2,048 characters; the log is %LOCALAPPDATA%\\vhdx-shrink\\fix.log.

Examples:
  vhdx-shrink fix --unattended
  vhdx-shrink fix --unattended --threshold 20GB
  vhdx-shrink fix --unattended --stop-wsl     also stop running distros and Docker Desktop for the run`;

/** What happened to one disk. */
export interface FixedDisk {
  target: Target;
  outcome: "shrunk" | "below-threshold" | "skipped" | "failed";
  /** Bytes given back (shrunk). */
  reclaimed?: number;
  /** Why it was skipped or failed, in one line. */
  reason?: string;
}

/** The run's exit code as an error with the result line already printed (no second line on stderr). */
class FixOutcomeError extends UserFacingError {
  static override readonly code: string = "fix-outcome";
}

interface FixOptions {
  unattended?: boolean;
  threshold: string;
  stopWsl?: boolean;
  target?: string;
}

/** Shrinks one surveyed disk, or says why not. `fresh` makes a context with no cached analysis. */
async function fixOne(fresh: () => PluginContext, a: App, d: SurveyedDisk, threshold: Threshold, stopWsl: boolean): Promise<FixedDisk> {
  const target = d.target;
  if (!d.reachesThreshold && d.reclaimable !== null) return { target, outcome: "below-threshold" };
  if (d.reclaimable === null && !d.inUse) return { target, outcome: "failed", reason: d.error ?? "not readable" };
  // What another program holds (not WSL, not Docker Desktop) is never stopped.
  const stoppable = d.holder === "wsl" || d.holder === "docker";
  if (d.inUse && !(stopWsl && stoppable)) return { target, outcome: "skipped", reason: d.inUse };
  const native = a.registry.get("native");
  const ctx = fresh();
  const run = async (): Promise<number | null> => {
    let stopped: Target = target;
    if (d.inUse) {
      // Stopped now: read the disk again (a running disk could not be read before) and decide again.
      stopped = { ...target, running: false };
      const again = await surveyDisk(fresh(), native, stopped, threshold);
      if (!again.reachesThreshold) return null;
    }
    const outcome = await runStrategy(ctx, native, stopped, { yes: true });
    if (outcome.dryRun) throw new Error("a dry run where a run was asked for");
    // A shrink in place, recorded as compact records it: the size history counts growth from what it left.
    // Writing the history never fails the fix (recordShrink returns a warning, which the one result line leaves out).
    const left = (await a.host.fs.stat(stopped.path).catch(() => null))?.allocatedSize ?? outcome.report.sizeAfter;
    await recordShrink(a.host, stopped, { before: outcome.report.sizeBefore, after: left, strategy: "native" });
    return outcome.report.sizeBefore - outcome.report.sizeAfter;
  };
  try {
    const notes: string[] = [];
    // Without the disk's path: stopping Docker Desktop Service needs elevation, which an unattended run never asks for.
    const reclaimed = d.inUse ? await ctx.quiesce.around(notes, run) : await run();
    return reclaimed === null ? { target, outcome: "below-threshold" } : { target, outcome: "shrunk", reclaimed };
  } catch (e) {
    const reason = ((e as Error)?.message ?? String(e)).split("\n")[0];
    if (e instanceof TargetBusyError) return { target, outcome: "skipped", reason };
    return { target, outcome: "failed", reason };
  }
}

/** The result line: "shrank 2 of 3 disks, 41.2 GB given back: docker_data.vhdx 38.0 GB, Ubuntu skipped (in use)". */
export function resultLine(fixed: readonly FixedDisk[], threshold: Threshold): string {
  const t = describeThreshold(threshold, formatBytes);
  const due = fixed.filter((f) => f.outcome !== "below-threshold");
  if (due.length === 0) return `nothing to do: ${fixed.length} disk${fixed.length === 1 ? "" : "s"}, none can give back ${t}`;
  const shrunk = fixed.filter((f) => f.outcome === "shrunk");
  const total = shrunk.reduce((s, f) => s + (f.reclaimed ?? 0), 0);
  const items = due.map((f) => f.outcome === "shrunk" ? `${f.target.name} ${formatBytes(f.reclaimed ?? 0)}`
    : f.outcome === "skipped" ? `${f.target.name} skipped (in use)` : `${f.target.name} failed (${f.reason})`);
  return oneLine(`shrank ${shrunk.length} of ${due.length} disk${due.length === 1 ? "" : "s"} at or above ${t}, ${formatBytes(total)} given back`, items);
}

/** The exit code of a finished run. */
export function fixExitCode(fixed: readonly FixedDisk[]): number {
  if (fixed.some((f) => f.outcome === "failed")) return FIX_EXIT.failed;
  if (fixed.some((f) => f.outcome === "skipped")) return FIX_EXIT.skipped;
  return FIX_EXIT.done;
}

/** Adds the `fix` command. */
export function addFixCommand(program: Command, app: () => Promise<App>): void {
  withGlobalOptions(program.command("fix"))
    .description("remediation for fleets (Intune, GPO, RMM): shrink every disk over --threshold that is not in use, no prompts, one line")
    .option("--unattended", "required: run without any prompt (the only mode; a person runs vhdx-shrink)")
    .option("--threshold <size|percent>", `what a disk must give back to be shrunk, e.g. 10GB or 25% (default ${DEFAULT_THRESHOLD})`, DEFAULT_THRESHOLD)
    .option("--stop-wsl", "also shrink disks in use: stop WSL and Docker Desktop for the run (Docker Desktop is started again)")
    .argument("[target]", "fix one distro, Docker disk or VHDX file (default: all of this user's)")
    .option(TARGET_FLAG, "the same as TARGET")
    .addHelpText("after", EXAMPLES)
    .action(async (spec: string | undefined, opts: FixOptions) => {
      if (!opts.unattended) throw new UsageError("fix runs only with --unattended (it never asks); to shrink with questions and a plan, run vhdx-shrink");
      const threshold = parseThreshold(opts.threshold);
      const a = await app();
      const paths = fleetPaths(a.host);
      if (!paths) throw new UsageError("LOCALAPPDATA is not set: fix --unattended needs a user profile for its lock and log");
      let hold;
      try {
        hold = await holdFixRun(a.host, paths);
      } catch (e) {
        if (!(e instanceof DiskHeldError)) throw e;
        // On stdout like every result: Intune takes anything on a remediation's stderr as a script error.
        const busy = `another vhdx-shrink fix is running (${e.message.split(";")[0]}); nothing was changed`;
        if (a.out.opts.json) a.out.json({ exitCode: FIX_EXIT.busy, summary: busy, log: paths.log, disks: [] });
        else a.out.stdout.write(busy + "\n");
        throw new FixOutcomeError("", FIX_EXIT.busy);
      }
      const started = new Date();
      let fixed: FixedDisk[] = [];
      let line = "";
      let code: number = FIX_EXIT.done;
      try {
        const quiet = fleetApp(a);
        const fresh = () => makeContext(quiet, { restartDocker: true });
        const disks = await surveyAll(a, fresh(), targetSpec(spec, opts.target), threshold);
        for (const d of disks) fixed.push(await fixOne(fresh, a, d, threshold, Boolean(opts.stopWsl)));
        line = resultLine(fixed, threshold);
        code = fixExitCode(fixed);
      } catch (e) {
        line = `fix failed: ${((e as Error)?.message ?? String(e)).split("\n")[0]}`;
        code = e instanceof UserFacingError ? e.exitCode : FIX_EXIT.failed;
        fixed = fixed.length ? fixed : [];
      } finally {
        const log = [`[${started.toISOString()}] fix --unattended --threshold ${opts.threshold}${opts.stopWsl ? " --stop-wsl" : ""}`,
          ...hold.notes, ...fixed.map((f) => `  ${f.target.name} (${f.target.path}): ${f.outcome}${f.reclaimed !== undefined ? ` ${f.reclaimed} bytes` : ""}${f.reason ? `: ${f.reason}` : ""}`),
          `  ${line}`, `[${new Date().toISOString()}] exit ${code}`, ""].join("\n");
        await appendFixLog(a.host, paths.log, log).catch(() => undefined);
        await hold.release();
      }
      if (a.out.opts.json) a.out.json({ exitCode: code, summary: line, threshold, log: paths.log, disks: fixed });
      else a.out.stdout.write(line + "\n");
      if (code !== FIX_EXIT.done) throw new FixOutcomeError("", code);
    });
}
