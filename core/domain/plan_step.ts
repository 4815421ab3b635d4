/**
 * One step of what a strategy does: what `--dry-run` prints and the confirmation names, and the work
 * the core runs for it. A strategy's plan is a list of steps; the core runs exactly that list, so a
 * dry run shows what a real run executes.
 * @module
 */
import type { Progress } from "./progress.ts";

/** What the dry run shows of one step. */
export interface PlanStep {
  /** What the step does, for humans. */
  description: string;
  /** Lines printed under the step: what its one call does inside (blocks dropped, moved, …). */
  details?: string[];
  /** The exact command line, when the step runs a program. */
  command?: string;
  /** Whether the step runs elevated. */
  elevated?: boolean;
  /** Whether the step changes anything on disk or in WSL. */
  changes: boolean;
  /** What the step closes, named in the confirmation (e.g. "Docker Desktop", "all WSL distros"). */
  closes?: string[];
}

/** What the core hands a step's `run`. */
export interface StepContext {
  /** Aborted on Ctrl-C: stop at the next safe point with an `InterruptedError` saying the disk's state. */
  signal: AbortSignal;
  progress: Progress;
  /** A line for the run's report ("fstrim reported 1.2 GiB trimmed"). */
  note(message: string): void;
  /** A file the run leaves on purpose (a backup, a kept export, a new copy): listed in the report. */
  keep(path: string): void;
  /** Where the result is measured when it is not the target's own file (a copy, a re-imported disk). */
  resultAt(path: string): void;
  /** Work for the end of the run, after success and failure alike (start again what a step stopped); the last registered runs first. */
  atEnd(work: () => Promise<void>): void;
}

/**
 * A step the core runs: what the dry run shows, and `run`, the work behind it. A step without `run`
 * does its work elsewhere: a check the core makes, or a line that only informs.
 */
export interface Step extends PlanStep {
  run?(ctx: StepContext): Promise<void>;
  /** The disk's state once this step has finished, for the report of a run stopped after it ("Ubuntu is unchanged"). */
  leaves?: string;
  /** Runs when this step failed or was interrupted, before the error is reported (e.g. detach a disk left attached). */
  onFailure?(ctx: StepContext, error: unknown): Promise<void>;
}
