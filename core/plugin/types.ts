/**
 * The strategy plugin contract. A plugin is a plain object: declarative metadata that `compare`
 * reads without running anything, and four functions that receive a {@link PluginContext}.
 * Built-in strategies are written exactly as a third-party author would write one.
 * @module
 */
import type { z } from "zod";
import type { Host } from "../host/host.ts";

/** The plugin API version this build understands. */
export const PLUGIN_API_VERSION = 1;

/** What a target is: a registered WSL distro, or a bare VHDX file (docker_data.vhdx, any file at hand). */
export type TargetKind = "distro" | "disk";

/** A disk the user may shrink. */
export interface Target {
  kind: TargetKind;
  /** Display name: distro name, or file name for bare disks. */
  name: string;
  /** Full path of the VHDX in the host's syntax. */
  path: string;
  /** Who owns it: "wsl" distro, "docker" (Docker Desktop), or "file" (given by path). */
  owner: "wsl" | "docker" | "file";
  /** Registered distro name (for kind "distro"; also set for Docker's own distros). */
  distro?: string;
  /** Registry key GUID of the distro. */
  distroId?: string;
  /** Whether the distro (or its VM) is running now; undefined when unknown. */
  running?: boolean;
  /** Default user id of the distro, to restore after an import. */
  defaultUid?: number;
}

/** The analysis of a target's disk, computed once and shared by every plugin's estimate. */
export interface DiskAnalysis {
  fileSize: number;
  allocatedSize: number;
  virtualSize: number;
  blockSize: number;
  logicalSectorSize: number;
  /** Bytes in FULLY_PRESENT payload blocks. */
  allocatedBytes: number;
  filesystem: {
    type: string;
    blockSize: number;
    totalBlocks: number;
    freeBlocks: number;
    usedBytes: number;
    clean: boolean;
    trusted: boolean;
    reason?: string;
  };
  /**
   * Exact size of the file the native strategy would produce in place (null when it refuses). It is
   * also the size trimming would allow diskpart / Optimize-VHD to reach.
   */
  nativeSizeAfter: number | null;
  /** Size if only all-zero payload blocks were dropped (null unless the slow zero scan was asked for). */
  zeroDropSizeAfter: number | null;
  /** Why the native strategy would refuse this disk (one line). */
  nativeRefusal?: string;
  /** Set when the filesystem is not understood and native would drop all-zero blocks only. */
  nativeNote?: string;
}

/** Whether a strategy can run here, and why not. */
export interface Availability {
  available: boolean;
  /** One line: what is missing and what to do. */
  reason?: string;
}

/** What a strategy expects for one target. */
export interface Estimate {
  /** Expected file size afterwards, in bytes. */
  sizeAfter: number;
  /** fileSize - sizeAfter. */
  reclaimable: number;
  /** Temporary space needed during the run, in bytes. */
  tempSpace: number;
  /** Rough duration in seconds. */
  seconds: number;
  /** True when the number is exact (native), false when it is an estimate. */
  exact: boolean;
  /** Short caveat, e.g. "needs trim". */
  note?: string;
}

/** One step of a plan, as `--dry-run` prints it. */
export interface PlanStep {
  /** What the step does, for humans. */
  description: string;
  /** The exact command line, when the step runs a program. */
  command?: string;
  /** Whether the step runs elevated. */
  elevated?: boolean;
  /** Whether the step changes anything on disk or in WSL. */
  changes: boolean;
  /** What the step closes, named in the confirmation (e.g. "Docker Desktop", "all WSL distros"). */
  closes?: string[];
}

/** Progress reporting for long work. */
export interface Progress {
  /** Starts a phase; `total` in bytes when known. */
  phase(label: string, total?: number): void;
  /** Reports bytes done in the current phase. */
  update(done: number): void;
  /** Free-form status line. */
  note(message: string): void;
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
