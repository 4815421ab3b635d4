/**
 * Stopping what holds a disk, as methods on `ctx.quiesce`: Docker Desktop, every WSL distro and, when
 * the file is still locked, Docker Desktop Service, for the length of one piece of work, then starting
 * Docker Desktop again (unless the run said `restartDocker: false`). A thin facade over core/wsl.
 * @module
 */
import type { PlanStep, Step } from "../../domain/plan_step.ts";
import { QUIESCE_CLOSES, quiesceStep, stopHolders, whileQuiesced } from "../../quiesce/quiesce.ts";
import type { QuiesceRun } from "../../quiesce/quiesce.ts";

/** What {@link quiesceService} needs of the run: the one defined beside `whileQuiesced`. */
export type { QuiesceRun };

/** Quiesce operations. */
export interface QuiesceService {
  /** What the confirmation names as closed ("Docker Desktop", "all WSL distros"). */
  readonly closes: readonly string[];
  /** The plan step of {@link QuiesceService.around}. */
  planStep(): PlanStep;
  /**
   * The same as a step the core runs: stops Docker Desktop and WSL (and, with `diskPath`, Docker
   * Desktop Service while it holds the file) and starts them again at the end of the run, after a
   * failure too. Put it first in a plan.
   */
  step(diskPath?: string): Step;
  /**
   * Runs `work` with Docker Desktop and WSL stopped and starts Docker Desktop again afterwards (also
   * after a failure); notes for the report are appended to `notes`. With `diskPath`, a file still
   * held by `com.docker.service` makes the service stop for the run.
   */
  around<T>(notes: string[], work: () => Promise<T>, diskPath?: string): Promise<T>;
}

/** The quiesce service for one run. */
export function quiesceService(run: QuiesceRun): QuiesceService {
  return {
    closes: QUIESCE_CLOSES,
    planStep: () => quiesceStep(),
    step: (diskPath) => ({
      ...quiesceStep(),
      leaves: "the disk is unchanged",
      async run(step) {
        const restart = await stopHolders(run, diskPath);
        step.atEnd(async () => {
          const notes: string[] = [];
          await restart(notes);
          notes.forEach(step.note);
        });
      },
    }),
    around: (notes, work, diskPath) => whileQuiesced(run, notes, work, diskPath),
  };
}
