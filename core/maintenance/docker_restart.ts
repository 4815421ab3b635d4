/**
 * After a shrink: start Docker Desktop again and wait until its engine distro (`docker-desktop`)
 * runs, with a time limit. `docker desktop start` can return before the distro is up, and a user's
 * next `docker` command fails until it is (docs.docker.com "docker desktop start").
 * @module
 */
import type { Host } from "../host/host.ts";
import { dockerDesktopRunning, startDockerDesktop } from "../docker_desktop/docker_desktop.ts";
import { listDistros } from "../wsl/list.ts";

/** Docker Desktop's engine distro in every layout (docs/research.md §3). */
export const DOCKER_ENGINE_DISTRO = "docker-desktop";
/** How long to wait for the distro by default. */
export const DOCKER_RESTART_TIMEOUT_MS = 180_000;
/** Pause between `wsl --list --verbose` polls. */
const POLL_MS = 2_000;

/** How waiting went. */
export interface DockerRestart {
  /** True when this call ran `docker desktop start` (the strategy had not started it already). */
  started: boolean;
  /** True when the engine distro ran before the time limit. */
  distroRunning: boolean;
  waitedMs: number;
  /** One line for the report. */
  message: string;
}

/** Options of {@link restartDocker}; the clock is injectable for tests. */
export interface RestartOptions {
  timeoutMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** True when `wsl --list --verbose` shows the engine distro Running. */
export async function dockerDistroRunning(host: Host): Promise<boolean> {
  const list = await listDistros(host).catch(() => []);
  return list.some((d) => d.name.toLowerCase() === DOCKER_ENGINE_DISTRO && d.state === "Running");
}

/** Starts Docker Desktop when it is not running, then waits for its distro up to the time limit. */
export async function restartDocker(host: Host, opts: RestartOptions = {}): Promise<DockerRestart> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  const timeoutMs = opts.timeoutMs ?? DOCKER_RESTART_TIMEOUT_MS;
  const begin = now();
  let started = false;
  if (!(await dockerDesktopRunning(host))) {
    started = true;
    if (!(await startDockerDesktop(host))) {
      return { started, distroRunning: false, waitedMs: now() - begin, message: "Docker Desktop did not start (docker desktop start failed): start it from the Start menu" };
    }
  }
  for (;;) {
    if (await dockerDistroRunning(host)) {
      const waitedMs = now() - begin;
      return { started, distroRunning: true, waitedMs, message: `Docker Desktop is running again (${DOCKER_ENGINE_DISTRO} up after ${Math.round(waitedMs / 1000)} s)` };
    }
    if (now() - begin >= timeoutMs) {
      return {
        started, distroRunning: false, waitedMs: now() - begin,
        message: `Docker Desktop was started but ${DOCKER_ENGINE_DISTRO} is not running after ${Math.round(timeoutMs / 1000)} s: open Docker Desktop to see why (wsl --list --verbose shows the distro state)`,
      };
    }
    await sleep(opts.pollMs ?? POLL_MS);
  }
}
