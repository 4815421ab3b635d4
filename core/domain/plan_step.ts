/**
 * One step of what a strategy will do, as `--dry-run` prints it and the confirmation names it.
 * @module
 */

/** One step of a plan. */
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
