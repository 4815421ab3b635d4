/**
 * Docker Desktop as the strategies need it: is it running, stop it gracefully before its disks are
 * touched (it holds `docker_data.vhdx` and its distros open, and restarts them if only WSL is shut
 * down), start it again afterwards. Uses the `docker desktop status|stop|start` CLI plugin (Docker
 * Desktop 4.37+, docs.docker.com "docker desktop"); `docker info` answers for older releases.
 * Before 4.37 there is no documented way to quit it from a program (docs/windows-facts.md §5) and
 * killing it (`taskkill /F`) is unsafe, so the user quits it by hand: interactive runs wait for that,
 * scripts refuse with the instructions.
 * @module
 */
import type { ExecResult, Host } from "../host/host.ts";
import { TargetBusyError } from "../errors.ts";

/** Seconds Docker Desktop gets to stop before we give up. */
export const DOCKER_STOP_TIMEOUT_S = 120;

/** The exact command that stops Docker Desktop. */
export const DOCKER_STOP_ARGS = ["desktop", "stop", "--timeout", String(DOCKER_STOP_TIMEOUT_S)];

/** Parses `docker desktop status` (table `Status  running` or JSON `{"Status":"running"}`); null if neither. */
export function parseDesktopStatus(text: string): boolean | null {
  const m = /"?Status"?\s*[:\s]\s*"?(\w+)/i.exec(text);
  if (!m) return null;
  return m[1].toLowerCase() === "running" || m[1].toLowerCase() === "starting";
}

/** True when Docker Desktop (or at least its engine) is running; false when it is stopped or absent. */
export async function dockerDesktopRunning(host: Host): Promise<boolean> {
  const status = await host.exec("docker", ["desktop", "status"], { timeoutMs: 30_000 }).catch(() => null);
  if (!status) return false; // no docker CLI: no Docker Desktop
  if (status.code === 0) {
    const parsed = parseDesktopStatus(status.stdout);
    if (parsed !== null) return parsed;
  }
  const info = await host.exec("docker", ["info", "--format", "{{.ServerVersion}}"], { timeoutMs: 30_000 }).catch(() => null);
  return info !== null && info.code === 0 && info.stdout.trim().length > 0;
}

/** How to quit Docker Desktop by hand (its tray menu). */
export const QUIT_BY_HAND = "quit Docker Desktop from its tray icon (right-click the whale, Quit Docker Desktop)";

/**
 * True when the Docker CLI does not know `docker desktop`: Docker Desktop before 4.37. The CLI says
 * `docker: 'desktop' is not a docker command.` (docker/cli cmd/docker/docker.go; the CLI is not
 * translated), newer CLIs `unknown command`.
 */
export function desktopCliMissing(r: ExecResult): boolean {
  return r.code !== 0 && /is not a docker command|unknown command/i.test(`${r.stderr}\n${r.stdout}`);
}

/** Docker Desktop runs, has no `docker desktop stop` (before 4.37) and was not quit by hand. */
export class DockerDesktopNoStopCommandError extends TargetBusyError {}

/** Options of {@link stopDockerDesktop}. */
export interface StopDockerOptions {
  /** Without `docker desktop stop`: how long to wait for the user to quit it by hand; 0 (default) refuses at once. */
  waitForQuitMs?: number;
  /** Told what the user must do before the wait starts. */
  onWait?: (message: string) => void;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Docker Desktop's main process (its image name). */
export const DOCKER_DESKTOP_IMAGE = "Docker Desktop.exe";

/** PID of Docker Desktop from the host's process list (the Toolhelp snapshot on Windows), or null. */
export async function dockerDesktopPid(host: Host): Promise<number | null> {
  const list = await host.processes().catch(() => []);
  return list.find((p) => p.name.toLowerCase() === DOCKER_DESKTOP_IMAGE.toLowerCase())?.pid ?? null;
}

/** Quit by hand: the app's process is gone and its engine no longer answers (its WSL distros are shut down next). */
async function dockerQuitByHand(host: Host): Promise<boolean> {
  return (await dockerDesktopPid(host)) === null && !(await dockerDesktopRunning(host));
}

/** Before 4.37: waits (when allowed) for the user to quit Docker Desktop, else refuses with the instructions. */
async function waitForQuitByHand(host: Host, signal: AbortSignal | undefined, o: StopDockerOptions): Promise<void> {
  const why = `Docker Desktop is running and this release has no "docker desktop stop" (it came with 4.37), and vhdx-shrink never kills it: ${QUIT_BY_HAND}`;
  const wait = o.waitForQuitMs ?? 0;
  if (wait > 0) {
    o.onWait?.(`${why}; waiting up to ${Math.round(wait / 1000)} s for it to quit`);
    const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (const end = Date.now() + wait; Date.now() < end && !signal?.aborted;) {
      if (await dockerQuitByHand(host)) return;
      await sleep(o.pollMs ?? 2_000);
    }
  }
  throw new DockerDesktopNoStopCommandError(`${why}, then run again (or update Docker Desktop to 4.37 or later); nothing was changed`);
}

/**
 * Stops Docker Desktop and checks that it stopped; throws {@link TargetBusyError} when it would not.
 * Without `docker desktop stop` (before 4.37) it waits for a quit by hand or refuses, see {@link StopDockerOptions}.
 */
export async function stopDockerDesktop(host: Host, signal?: AbortSignal, o: StopDockerOptions = {}): Promise<void> {
  const r = await host.exec("docker", DOCKER_STOP_ARGS, { signal, timeoutMs: (DOCKER_STOP_TIMEOUT_S + 30) * 1000 });
  if (desktopCliMissing(r)) return waitForQuitByHand(host, signal, o);
  if (r.code !== 0 || await dockerDesktopRunning(host)) {
    throw new TargetBusyError(`Docker Desktop did not stop (docker ${DOCKER_STOP_ARGS.join(" ")} exited ${r.code}): quit it from its tray icon and run again; nothing was changed`);
  }
}

/** Starts Docker Desktop again; returns false (and does not throw) when it could not. */
export async function startDockerDesktop(host: Host): Promise<boolean> {
  const r = await host.exec("docker", ["desktop", "start"], { timeoutMs: 300_000 }).catch(() => null);
  return r !== null && r.code === 0;
}
