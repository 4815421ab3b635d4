/**
 * Docker Desktop as the strategies need it: is it running, stop it gracefully before its disks are
 * touched (it holds `docker_data.vhdx` and its distros open, and restarts them if only WSL is shut
 * down), start it again afterwards. Uses the `docker desktop status|stop|start` CLI plugin (Docker
 * Desktop 4.37+, docs.docker.com "docker desktop"); whether it runs comes from the process list.
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

/**
 * Docker Desktop's own processes: the app and its backend (which runs the engine's VM and holds its
 * disks, and can outlive a crashed app). Image names are never translated.
 */
export const DOCKER_DESKTOP_PROCESSES = ["Docker Desktop.exe", "com.docker.backend.exe"];

/**
 * True when Docker Desktop is running; false when it is stopped or absent. The process list is the
 * answer (it sees Docker Desktop with docker.exe missing from PATH, and is not fooled by another
 * engine answering `docker info`: Rancher Desktop, Podman, a DOCKER_HOST; docs/windows-facts.md §10).
 * Where the host has no process list, `docker desktop status` (4.37+) is asked; `docker info` never,
 * since any engine answers it.
 */
export async function dockerDesktopRunning(host: Host): Promise<boolean> {
  const processes = await host.processes().catch(() => null);
  if (processes !== null && processes.length > 0) {
    const names = new Set(processes.map((p) => p.name.toLowerCase()));
    return DOCKER_DESKTOP_PROCESSES.some((n) => names.has(n.toLowerCase()));
  }
  const status = await host.exec("docker", ["desktop", "status"], { timeoutMs: 30_000 }).catch(() => null);
  if (!status || status.code !== 0) return false; // no docker CLI, or no Docker Desktop 4.37+ answering
  return parseDesktopStatus(status.stdout) ?? false;
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

/** The docker CLI could not be started (not on PATH): the spawn's ENOENT, never console text. */
export function dockerCliAbsent(r: ExecResult): boolean {
  return r.code === -1 && /\bENOENT\b/.test(r.stderr);
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

/** Quit by hand: Docker Desktop's processes are gone (its WSL distros are shut down next). */
async function dockerQuitByHand(host: Host): Promise<boolean> {
  return !(await dockerDesktopRunning(host));
}

/** Before 4.37: waits (when allowed) for the user to quit Docker Desktop, else refuses with the instructions. */
async function waitForQuitByHand(host: Host, signal: AbortSignal | undefined, o: StopDockerOptions, cliAbsent = false): Promise<void> {
  const why = cliAbsent
    ? `Docker Desktop is running and its docker CLI is not on PATH, so it cannot be told to stop, and vhdx-shrink never kills it: ${QUIT_BY_HAND}`
    : `Docker Desktop is running and this release has no "docker desktop stop" (it came with 4.37), and vhdx-shrink never kills it: ${QUIT_BY_HAND}`;
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
  if (dockerCliAbsent(r)) return waitForQuitByHand(host, signal, o, true);
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
