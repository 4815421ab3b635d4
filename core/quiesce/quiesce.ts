/**
 * The first step of every strategy: stop Docker Desktop if it runs, then `wsl --shutdown`, so no VM
 * holds the disk; if the disk is still locked and `com.docker.service` runs, stop that service too
 * (it can hold `docker_data.vhdx`) and start it again afterwards. And the safe points where a run
 * checks for Ctrl-C.
 * @module
 */
import type { Host } from "../host/host.ts";
import type { PlanStep } from "../domain/plan_step.ts";
import { InterruptedError } from "../errors.ts";
import { DOCKER_STOP_ARGS, dockerDesktopRunning, startDockerDesktop, stopDockerDesktop } from "../docker_desktop/docker_desktop.ts";
import type { StopDockerOptions } from "../docker_desktop/docker_desktop.ts";
import { DOCKER_SERVICE_STOP, releaseFromDockerService, startDockerService } from "../docker_desktop/docker_desktop_service.ts";
import { shutdownWsl } from "../wsl/lifecycle.ts";
import { listDistros } from "../wsl/list.ts";
import { restartNote, runningEngines, stopEngines } from "../docker_desktop/other_engines.ts";
import type { OtherEngine } from "../docker_desktop/other_engines.ts";
import { formatWslCommand } from "../wsl/run_wsl.ts";

/** What `closes` names in the confirmation. */
export const QUIESCE_CLOSES = ["Docker Desktop", "all WSL distros"];

/** The plan step for {@link quiesce}. */
export function quiesceStep(): PlanStep {
  return {
    description: "stop Rancher Desktop / Podman (rdctl shutdown, podman machine stop) and Docker Desktop (if running) and shut down WSL so nothing holds the disk; if the file is still in use, stop Docker Desktop Service (elevated) until the end",
    command: `docker ${DOCKER_STOP_ARGS.join(" ")} && ${formatWslCommand(["--shutdown"])} [&& ${DOCKER_SERVICE_STOP}]`,
    changes: true,
    closes: QUIESCE_CLOSES,
  };
}

/** What {@link quiesce} stopped, so it can be restarted. */
export interface Quiesced {
  dockerWasRunning: boolean;
  /** True when `com.docker.service` was stopped because it still held the disk. */
  serviceStopped?: boolean;
  /** Other engines (Rancher Desktop, Podman) stopped with their own command; the user starts them again. */
  enginesStopped?: OtherEngine[];
}

/** How long an interactive run waits for the user to quit a Docker Desktop without `docker desktop stop`. */
export const QUIT_BY_HAND_WAIT_MS = 120_000;

/** Stops Docker Desktop (when running) and every WSL distro. */
export async function quiesce(host: Host, signal?: AbortSignal, docker: StopDockerOptions = {}): Promise<Quiesced> {
  // Other engines first, with their own stop command: a refusal there comes before anything was stopped.
  const running = (await listDistros(host, { signal }).catch(() => [])).filter((d) => d.state === "Running").map((d) => d.name);
  const enginesStopped = runningEngines(running);
  await stopEngines(host, enginesStopped, signal);
  const dockerWasRunning = await dockerDesktopRunning(host);
  if (dockerWasRunning) await stopDockerDesktop(host, signal, docker);
  await shutdownWsl(host, { signal });
  return { dockerWasRunning, ...(enginesStopped.length ? { enginesStopped } : {}) };
}

/** Starts Docker Desktop again if {@link quiesce} stopped it; returns a note for the report. */
export async function resume(host: Host, q: Quiesced): Promise<string | null> {
  const engines = (q.enginesStopped ?? []).map(restartNote);
  if (!q.dockerWasRunning) return engines.length ? engines.join("; ") : null;
  const docker = (await startDockerDesktop(host)) ? "Docker Desktop was started again" : "Docker Desktop was stopped: start it again from the Start menu";
  return [docker, ...engines].join("; ");
}

/** Starts `com.docker.service` again when it was stopped for the run; returns a note for the report. */
async function resumeService(host: Host, q: Quiesced): Promise<string | null> {
  if (!q.serviceStopped) return null;
  return (await startDockerService(host))
    ? "Docker Desktop Service (com.docker.service) was stopped while the disk was in use and started again"
    : "Docker Desktop Service (com.docker.service) is stopped: start it with net start com.docker.service (elevated) or by starting Docker Desktop";
}

/** What {@link whileQuiesced} needs of a run; a plugin context is one. */
export interface QuiesceRun {
  host: Host;
  signal: AbortSignal;
  /** The run's options; `restartDocker: false` leaves Docker Desktop stopped afterwards. */
  options: Readonly<Record<string, unknown>>;
  /** Present when a person answers at the terminal: a Docker Desktop without `docker desktop stop` may then be quit by hand. */
  ask?: (question: string) => Promise<string>;
  /** Where warnings the user must see go. */
  log?: { warn(message: string): void };
}

/**
 * Runs `work` with Docker Desktop and WSL stopped, starting Docker Desktop again afterwards (also
 * after a failure) unless the user said `--no-restart-docker`; the restart's note is appended to
 * `notes`. With `diskPath`, a file still locked by `com.docker.service` makes the service stop for
 * the run; it is started again afterwards in every case, since it is no part of `--no-restart-docker`.
 */
export async function whileQuiesced<T>(ctx: QuiesceRun, notes: string[], work: () => Promise<T>, diskPath?: string): Promise<T> {
  const restart = await stopHolders(ctx, diskPath);
  try {
    return await work();
  } finally {
    await restart(notes);
  }
}

/**
 * The first half of {@link whileQuiesced}: stops Docker Desktop and WSL (and Docker Desktop Service
 * when it still holds `diskPath`); returns the second half, which starts again what was stopped and
 * appends its notes. Nothing needs starting again when this throws.
 */
export async function stopHolders(ctx: QuiesceRun, diskPath?: string): Promise<(notes: string[]) => Promise<void>> {
  // Before Docker Desktop 4.37 the user quits it by hand: a person at the terminal gets time to, a script is refused.
  const q: Quiesced = await quiesce(ctx.host, ctx.signal, { waitForQuitMs: ctx.ask ? QUIT_BY_HAND_WAIT_MS : 0, onWait: (m) => ctx.log?.warn(m) });
  const restart = async (notes: string[]): Promise<void> => {
    const serviceNote = await resumeService(ctx.host, q).catch(() => null);
    if (serviceNote) notes.push(serviceNote);
    if (ctx.options.restartDocker === false) {
      if (q.dockerWasRunning) notes.push("Docker Desktop was left stopped (--no-restart-docker)");
      notes.push(...(q.enginesStopped ?? []).map(restartNote));
    } else {
      const note = await resume(ctx.host, q).catch(() => null);
      if (note) notes.push(note);
    }
  };
  try {
    if (diskPath) q.serviceStopped = await releaseFromDockerService(ctx.host, diskPath, ctx.signal);
  } catch (e) {
    await restart([]);
    throw e;
  }
  return restart;
}

/** A safe point: throws {@link InterruptedError} saying what state the disk is in when Ctrl-C was pressed. */
export function stopPoint(signal: AbortSignal, state: string): void {
  if (signal.aborted) throw new InterruptedError(`interrupted: ${state}`);
}
