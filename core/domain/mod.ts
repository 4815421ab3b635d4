/**
 * The domain types every layer shares: targets, disk analyses, estimates, plan steps and progress.
 * They import nothing, so the engines, the plugin contract and the CLI can all depend on them.
 * @module
 */
export type { DiskTarget, DistroTarget, Target, TargetKind } from "./target.ts";
export type { DiskAnalysis, FilesystemFigures, FilesystemSummary } from "./disk_analysis.ts";
export type { Estimate } from "./estimate.ts";
export type { PlanStep, Step, StepContext } from "./plan_step.ts";
export type { Progress } from "./progress.ts";
