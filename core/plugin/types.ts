/**
 * The strategy plugin contract. A plugin is a plain object: declarative metadata that `compare`
 * reads without running anything, and four functions that receive a {@link PluginContext}.
 * Built-in strategies are written exactly as a third-party author would write one.
 * @module
 */
import type { z } from "zod";
import type { Host } from "../host/host.ts";
import type { DiskAnalysis } from "../domain/disk_analysis.ts";
import type { Estimate } from "../domain/estimate.ts";
import type { PlanStep, Step, StepContext } from "../domain/plan_step.ts";
import type { Progress } from "../domain/progress.ts";
import type { DiskTarget, DistroTarget, Target, TargetKind } from "../domain/target.ts";
import type { DiskService, DockerService, ElevationService, QuiesceService, TempService, TrimService, WslService } from "./services/mod.ts";

// The domain types live in core/domain; re-exported so the contract reads as one module.
export type { DiskAnalysis, DiskTarget, DistroTarget, Estimate, PlanStep, Progress, Step, StepContext, Target, TargetKind };

/** The plugin API version this build understands. */
export const PLUGIN_API_VERSION = 1;

/** Whether a strategy can run here, and why not. */
export interface Availability {
  available: boolean;
  /** One line: what is missing and what to do. */
  reason?: string;
}

/** A logger for the plugin's own messages. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

/** What happened. */
export interface RunReport {
  sizeBefore: number;
  sizeAfter: number;
  /** Where a backup or export file was kept, if any. */
  keptFiles: string[];
  notes: string[];
}

/**
 * Options of every run, set by the caller (CLI flags or a library user), not by a strategy; the core
 * reads them for its own policy and hands them to every strategy as `ctx.run`, apart from its own
 * `ctx.options`.
 */
export interface RunOptions {
  /** The user confirmed the run up front (`--yes`). */
  yes?: boolean;
  /** Plan only. */
  dryRun?: boolean;
  /** Someone can answer questions (a terminal). */
  interactive?: boolean;
  /** Start Docker Desktop again after the run (default: when it was running). */
  restartDocker?: boolean;
  /** A data-losing strategy may delete the target's data without the typed name (`--i-understand-data-loss`). */
  iUnderstandDataLoss?: boolean;
}

/**
 * A strategy's own options: a zod object whose fields carry their defaults (`.default()`) and help
 * (`.describe()`); the CLI makes a flag of each field (`exportPath` becomes `--export-path`).
 */
export type PluginOptionsSchema<O = Record<string, unknown>> = z.ZodType<O> & { readonly shape: Record<string, z.ZodType> };

/**
 * Everything a plugin may use, handed to it (a compiled binary has no node_modules for plugins):
 * the host, a logger, zod, its options, the shared disk analysis, Ctrl-C, and one service per thing
 * a strategy does (WSL, Docker Desktop, disks, elevation, trim, temporary space, quiescing).
 */
export interface PluginContext<O = Record<string, unknown>> {
  host: Host;
  log: Logger;
  zod: typeof z;
  /**
   * This strategy's own options only: the values of the fields its `options` schema declares, parsed
   * by that schema with defaults applied (empty for a strategy without a schema). Typed from the schema.
   */
  options: Readonly<O>;
  /** The run's settings, the same for every strategy: `--yes`, `--dry-run`, `--i-understand-data-loss`… */
  run: Readonly<RunOptions>;
  /** Analysis of a target's disk (cached). */
  analyze(target: Target): Promise<DiskAnalysis>;
  /** Aborted on Ctrl-C: plugins stop at the next safe point. */
  signal: AbortSignal;
  /** Asks the user a question and returns the typed answer; absent when nobody can answer (scripts, CI). */
  ask?: (question: string) => Promise<string>;
  /** WSL: list, state, shutdown/terminate, export/import/unregister, manage, run a command in a distro. */
  wsl: WslService;
  /** Docker Desktop: status, stop, start, wait, and its Windows service. */
  docker: DockerService;
  /** Disks: open read-only, verify, write a new VHDX, native compaction (copy or in place). */
  disks: DiskService;
  /** Elevation: whether this process is elevated, and one step run elevated. */
  elevation: ElevationService;
  /** Trim inside a distro, its plan step and the estimate of compacting what it frees. */
  trim: TrimService;
  /** Temporary space: default folder, free space, a folder removed afterwards. */
  temp: TempService;
  /** Stop Docker Desktop and WSL around a piece of work, and start Docker Desktop again. */
  quiesce: QuiesceService;
}

/** Requirement flags that `compare` shows and `probe` checks. */
export interface Requirements {
  admin: boolean;
  hyperV: boolean;
  windows: boolean;
  /** Minimum WSL version, e.g. "2.0.0", or null. */
  wslVersion: string | null;
  /** Temporary space: none, about the used data, or about the file size. */
  tempSpace: "none" | "used-data" | "file-size";
  /** Target kinds the strategy accepts. */
  targetKinds: TargetKind[];
}

/** Declarative facts about a strategy. */
export interface PluginMetadata {
  reliability: "high" | "medium" | "low";
  dataPreservation: "full" | "none";
  complexity: "low" | "medium" | "high";
  requirements: Requirements;
}

/** A strategy plugin; `O` is the type of its options. */
// deno-lint-ignore no-explicit-any
export interface StrategyPlugin<O = any> {
  name: string;
  apiVersion: number;
  description: string;
  metadata: PluginMetadata;
  /** Its own options, with defaults and help; absent when it has none. */
  options?: PluginOptionsSchema<O>;
  probe(ctx: PluginContext<O>): Promise<Availability>;
  estimate(ctx: PluginContext<O>, target: Target): Promise<Estimate>;
  /**
   * The steps of a run on `target`: what the dry run prints and what the core runs, in order
   * ({@link Step}). The core adds nothing but its own checks; a step's `run` does the work.
   */
  plan(ctx: PluginContext<O>, target: Target): Promise<Step[]>;
  /**
   * How the core measures the gain: the file's length (default), or the space it occupies on the
   * volume (`"allocated"`: a sparse file keeps its length).
   */
  measure?: "length" | "allocated";
  /**
   * The older contract: the whole run in one function, for a plan whose steps have no `run`. The
   * core then runs it as one step after the others were shown; new strategies give their steps `run`.
   */
  run?(ctx: PluginContext<O>, target: Target, progress: Progress): Promise<RunReport>;
}
