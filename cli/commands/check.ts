/**
 * `vhdx-shrink check [--threshold SIZE|PERCENT] [--json]`: the detection half of fleet mode
 * (Intune Remediations, any RMM). Exit 1 when a disk of the current user could give back at least
 * the threshold with the native strategy in place, 0 otherwise; stdout is one line under 2,048
 * characters, the part of a detection script's output Intune keeps (docs/fleet.md). Reads only.
 * @module
 */
import type { Command } from "commander";
import type { App } from "../app.ts";
import { withGlobalOptions } from "../global_options.ts";
import { formatBytes } from "../format.ts";
import { allTargets, resolveTargets, TARGET_FLAG, targetSpec } from "../targets.ts";
import { makeContext } from "../context.ts";
import { Output } from "../output.ts";
import { DEFAULT_THRESHOLD, describeThreshold, parseThreshold } from "../../core/fleet/threshold.ts";
import type { Threshold } from "../../core/fleet/threshold.ts";
import { surveyDisk } from "../../core/fleet/survey.ts";
import type { SurveyedDisk } from "../../core/fleet/survey.ts";
import { oneLine } from "../../core/fleet/one_line.ts";
import { UserFacingError } from "../../core/errors.ts";
import type { PluginContext } from "../../core/plugin/types.ts";

/** `check`'s exit code when a disk reaches the threshold: Intune runs the remediation only after exit 1. */
export const CHECK_RECLAIMABLE_EXIT = 1;

const EXAMPLES = `
Exit codes: 0 no disk reaches the threshold (or no disks), ${CHECK_RECLAIMABLE_EXIT} a disk could give back at least the threshold, 2 usage.
Output: one line under 2,048 characters (what Intune keeps); --json the full report.

Examples:
  vhdx-shrink check
  vhdx-shrink check --threshold 20GB
  vhdx-shrink check --threshold 30% --json`;

/** `check`'s answer "remediate": exit 1 and no error line (the summary on stdout said it). */
class ReclaimableError extends UserFacingError {
  static override readonly code: string = "reclaimable";
  constructor(message: string) {
    super(message, CHECK_RECLAIMABLE_EXIT);
  }
}

/** One disk in the summary line: "Ubuntu 3.2 GB", "(in use)" when something holds it. */
function item(d: SurveyedDisk): string {
  if (d.reclaimable === null) return `${d.target.name} ? (${d.inUse ? "in use" : d.error ?? "not readable"})`;
  return `${d.target.name} ${formatBytes(d.reclaimable)}${d.inUse ? " (in use)" : ""}`;
}

/** The summary line: "3 disks, 41.2 GB reclaimable, 1 at or above 5.0 GB: docker_data.vhdx 38.0 GB (in use), …". */
export function summaryLine(disks: readonly SurveyedDisk[], threshold: Threshold): string {
  if (disks.length === 0) return "0 disks: no WSL distro or Docker Desktop disk found for this user";
  const total = disks.reduce((s, d) => s + (d.reclaimable ?? 0), 0);
  const over = disks.filter((d) => d.reachesThreshold).length;
  const sorted = [...disks].sort((a, b) => (b.reclaimable ?? -1) - (a.reclaimable ?? -1));
  const head = `${disks.length} disk${disks.length === 1 ? "" : "s"}, ${formatBytes(total)} reclaimable, ${over} at or above ${describeThreshold(threshold, formatBytes)}`;
  return oneLine(head, sorted.map(item));
}

/** Surveys every disk of the user (or the one named) against the threshold. */
export async function surveyAll(a: App, ctx: PluginContext, spec: string | undefined, threshold: Threshold): Promise<SurveyedDisk[]> {
  const targets = spec === undefined ? await allTargets(a.host) : await resolveTargets(a.host, spec);
  const native = a.registry.get("native");
  const disks: SurveyedDisk[] = [];
  for (const t of targets) disks.push(await surveyDisk(ctx, native, t, threshold));
  return disks;
}

/** The app with an output that prints nothing of a strategy's chatter to stdout: the one line stays alone. */
export function fleetApp(a: App): App {
  const out = new Output({ ...a.out.opts, json: false, quiet: true }, a.out.stderr, a.out.stderr, () => "1");
  return { ...a, out };
}

/** Adds the `check` command. */
export function addCheckCommand(program: Command, app: () => Promise<App>): void {
  withGlobalOptions(program.command("check"))
    .description("detection for fleets (Intune, RMM): exit 1 when a disk could give back at least --threshold, one summary line")
    .option("--threshold <size|percent>", `what a disk must give back to count, e.g. 10GB or 25% of its file (default ${DEFAULT_THRESHOLD})`, DEFAULT_THRESHOLD)
    .argument("[target]", "check one distro, Docker disk or VHDX file (default: all of this user's)")
    .option(TARGET_FLAG, "the same as TARGET")
    .addHelpText("after", EXAMPLES)
    .action(async (spec: string | undefined, opts: { threshold: string; target?: string }) => {
      const threshold = parseThreshold(opts.threshold);
      const a = await app();
      const quiet = fleetApp(a);
      const disks = await surveyAll(a, makeContext(quiet, {}), targetSpec(spec, opts.target), threshold);
      const line = summaryLine(disks, threshold);
      const reclaimable = disks.some((d) => d.reachesThreshold);
      if (a.out.opts.json) a.out.json({ reclaimable, threshold, summary: line, disks });
      else a.out.stdout.write(line + "\n");
      // The line above is the whole answer; the exit code says it to Intune with nothing on stderr.
      if (reclaimable) throw new ReclaimableError("");
    });
}
