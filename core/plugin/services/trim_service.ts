/**
 * Trimming as a strategy may use it, as methods on `ctx.trim`: `fstrim` inside a distro, the
 * trim-then-shutdown step before an offline compaction with its plan step, and the estimate of a
 * strategy that compacts what a trim frees. A thin facade over core/wsl.
 * @module
 */
import type { Host } from "../../host/host.ts";
import type { DiskAnalysis } from "../../domain/disk_analysis.ts";
import type { Estimate } from "../../domain/estimate.ts";
import type { PlanStep, Step } from "../../domain/plan_step.ts";
import type { Target } from "../../domain/target.ts";
import { formatWslCommand } from "../../wsl/run_wsl.ts";
import type { Command } from "./wsl_service.ts";
import { trimArgs, trimBeforeCompact, trimDistro, trimPlanSteps } from "../../wsl/trim.ts";
import { trimCompactEstimate } from "../../wsl/trim_estimate.ts";

/** Trim operations. */
export interface TrimService {
  /** `fstrim -av` in the distro (starting it); its run returns the bytes fstrim reports. */
  distro(distro: string): Command<number>;
  /**
   * Trims a distro target and shuts WSL down again; a bare disk or a failed trim is a note, not a
   * failure (the compaction still drops all-zero blocks). Throws only when interrupted.
   */
  beforeCompact(target: Target, notes: string[], signal?: AbortSignal): Promise<void>;
  /** The plan steps of {@link TrimService.beforeCompact}: one for a distro, none for a bare disk. */
  planSteps(target: Target): PlanStep[];
  /**
   * {@link TrimService.beforeCompact} as a step the core runs: trim a distro and shut WSL down (a
   * failed trim is a note), or, for a bare disk, a line saying only all-zero blocks are reclaimed.
   */
  step(target: Target): Step;
  /** Estimate of a strategy that trims and then (when `compacts`) drops the freed blocks. */
  estimate(target: Target, opts: { compacts: boolean; extraTemp?: number }): Promise<Estimate>;
}

/** The trim service over a host; `analyze` is the context's cached analysis. */
export function trimService(host: Host, analyze: (t: Target) => Promise<DiskAnalysis>, signal: AbortSignal): TrimService {
  return {
    distro: (d) => ({ line: formatWslCommand(trimArgs(d)), run: (opts = {}) => trimDistro(host, d, opts) }),
    beforeCompact: (target, notes, s = signal) => trimBeforeCompact(host, target, s, notes),
    planSteps: (target) => trimPlanSteps(target),
    step(target) {
      const [plan] = trimPlanSteps(target);
      const shown = plan ?? { description: "no trim: a bare disk cannot be trimmed from a distro, so only all-zero blocks are reclaimed", changes: false };
      return {
        ...shown,
        leaves: "the disk is unchanged (a trim frees blocks inside it, the file is compacted later)",
        async run(step) {
          const notes: string[] = [];
          await trimBeforeCompact(host, target, step.signal, notes);
          notes.forEach(step.note);
        },
      };
    },
    estimate: async (target, opts) => trimCompactEstimate(await analyze(target), target, opts),
  };
}
