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
import type { PlanStep } from "../domain/plan_step.ts";
import type { Progress } from "../domain/progress.ts";
import type { Target, TargetKind } from "../domain/target.ts";

// The domain types live in core/domain; re-exported so the contract reads as one module.
export type { DiskAnalysis, Estimate, PlanStep, Progress, Target, TargetKind };

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

/** Everything a plugin may use, handed to it (a compiled binary has no node_modules for plugins). */
export interface PluginContext {
  host: Host;
  log: Logger;
  zod: typeof z;
  /** The user's options for this run (yes, dryRun, allowUnsafe, output, backup, …). */
  options: Readonly<Record<string, unknown>>;
  /** Analysis of a target's disk (cached). */
  analyze(target: Target): Promise<DiskAnalysis>;
  /** Aborted on Ctrl-C: plugins stop at the next safe point. */
  signal: AbortSignal;
  /** Asks the user a question and returns the typed answer; absent when nobody can answer (scripts, CI). */
  ask?: (question: string) => Promise<string>;
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

/** A strategy plugin. */
export interface StrategyPlugin {
  name: string;
  apiVersion: number;
  description: string;
  metadata: PluginMetadata;
  probe(ctx: PluginContext): Promise<Availability>;
  estimate(ctx: PluginContext, target: Target): Promise<Estimate>;
  plan(ctx: PluginContext, target: Target): Promise<PlanStep[]>;
  run(ctx: PluginContext, target: Target, progress: Progress): Promise<RunReport>;
}
