/**
 * The first step of every strategy: stop Docker Desktop if it runs, then `wsl --shutdown`, so no VM
 * holds the disk. And the safe points where a run checks for Ctrl-C.
 * @module
 */
import type { Host } from "../host/host.ts";
import type { PlanStep, PluginContext } from "../plugin/types.ts";
import { InterruptedError } from "../errors.ts";
import { DOCKER_STOP_ARGS, dockerDesktopRunning, startDockerDesktop, stopDockerDesktop } from "../docker/docker_desktop.ts";
import { shutdownWsl } from "./lifecycle.ts";
import { formatWslCommand } from "./run_wsl.ts";

/** What `closes` names in the confirmation. */
export const QUIESCE_CLOSES = ["Docker Desktop", "all WSL distros"];

/** The plan step for {@link quiesce}. */
export function quiesceStep(): PlanStep {
  return {
    description: "stop Docker Desktop (if running) and shut down WSL so nothing holds the disk",
    command: `docker ${DOCKER_STOP_ARGS.join(" ")} && ${formatWslCommand(["--shutdown"])}`,
    changes: true,
    closes: QUIESCE_CLOSES,
  };
}

/** What {@link quiesce} stopped, so it can be restarted. */
export interface Quiesced {
  dockerWasRunning: boolean;
}

/** Stops Docker Desktop (when running) and every WSL distro. */
export async function quiesce(host: Host, signal?: AbortSignal): Promise<Quiesced> {
  const dockerWasRunning = await dockerDesktopRunning(host);
  if (dockerWasRunning) await stopDockerDesktop(host, signal);
  await shutdownWsl(host, { signal });
  return { dockerWasRunning };
}

/** Starts Docker Desktop again if {@link quiesce} stopped it; returns a note for the report. */
export async function resume(host: Host, q: Quiesced): Promise<string | null> {
  if (!q.dockerWasRunning) return null;
  return (await startDockerDesktop(host)) ? "Docker Desktop was started again" : "Docker Desktop was stopped: start it again from the Start menu";
}

/**
 * Runs `work` with Docker Desktop and WSL stopped, starting Docker Desktop again afterwards (also
 * after a failure) unless the user said `--no-restart-docker`; the restart's note is appended to `notes`.
 */
export async function whileQuiesced<T>(ctx: PluginContext, notes: string[], work: () => Promise<T>): Promise<T> {
  const q = await quiesce(ctx.host, ctx.signal);
  try {
    return await work();
  } finally {
    if (ctx.options.restartDocker === false) {
      if (q.dockerWasRunning) notes.push("Docker Desktop was left stopped (--no-restart-docker)");
    } else {
      const note = await resume(ctx.host, q).catch(() => null);
      if (note) notes.push(note);
    }
  }
}

/** A safe point: throws {@link InterruptedError} saying what state the disk is in when Ctrl-C was pressed. */
export function stopPoint(signal: AbortSignal, state: string): void {
  if (signal.aborted) throw new InterruptedError(`interrupted: ${state}`);
}
