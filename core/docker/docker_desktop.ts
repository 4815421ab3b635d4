/**
 * Docker Desktop as the strategies need it: is it running, stop it gracefully before its disks are
 * touched (it holds `docker_data.vhdx` and its distros open, and restarts them if only WSL is shut
 * down), start it again afterwards. Uses the `docker desktop status|stop|start` CLI plugin (Docker
 * Desktop 4.37+, docs.docker.com "docker desktop"); `docker info` answers for older releases.
 * @module
 */
import type { Host } from "../host/host.ts";
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

/** Stops Docker Desktop and checks that it stopped; throws {@link TargetBusyError} when it would not. */
export async function stopDockerDesktop(host: Host, signal?: AbortSignal): Promise<void> {
  const r = await host.exec("docker", DOCKER_STOP_ARGS, { signal, timeoutMs: (DOCKER_STOP_TIMEOUT_S + 30) * 1000 });
  if (r.code !== 0 || await dockerDesktopRunning(host)) {
    throw new TargetBusyError(`Docker Desktop did not stop (docker ${DOCKER_STOP_ARGS.join(" ")} exited ${r.code}): quit it from its tray icon and run again; nothing was changed`);
  }
}

/** Starts Docker Desktop again; returns false (and does not throw) when it could not. */
export async function startDockerDesktop(host: Host): Promise<boolean> {
  const r = await host.exec("docker", ["desktop", "start"], { timeoutMs: 300_000 }).catch(() => null);
  return r !== null && r.code === 0;
}
