/**
 * Who holds a disk open: a running distro's utility VM (vmmemWSL), Docker Desktop, its Windows
 * service `com.docker.service` (which can hold Docker's data disk after Docker Desktop quit), or
 * something we cannot name, in which case the user gets the tools that can (Resource Monitor,
 * Sysinternals handle).
 * @module
 */
import type { Host } from "../host/host.ts";
import type { Target } from "../domain/target.ts";
import { listDistros } from "../wsl/list.ts";
import { DOCKER_SERVICE, DOCKER_SERVICE_STOP, dockerServiceState } from "../docker_desktop/docker_desktop_service.ts";
import { DOCKER_DESKTOP_IMAGE, dockerDesktopPid } from "../docker_desktop/docker_desktop.ts";

export { DOCKER_DESKTOP_IMAGE, dockerDesktopPid };
/** How a holder line names the running service. */
export const DOCKER_SERVICE_HOLDER = `the Docker Desktop Service (${DOCKER_SERVICE}, state: running)`;

/** What holds the file, one line each; empty when the file is not locked. */
export async function lockHolders(host: Host, target: Target): Promise<string[]> {
  let locked: boolean;
  try {
    locked = await host.fs.isLocked(target.path);
  } catch (e) {
    // Not knowing is said as such, never taken for "not locked": compacting a file in use corrupts it.
    return [`unknown: checking whether ${target.path} is in use failed (${(e as Error).message}); close WSL and Docker Desktop before a shrink`];
  }
  if (!locked) return [];
  const holders: string[] = [];
  const running = (await listDistros(host).catch(() => [])).filter((d) => d.state === "Running").map((d) => d.name);
  const own = target.kind === "distro" ? target.name : undefined;
  if (own && running.some((n) => n.toLowerCase() === own.toLowerCase())) {
    holders.push(`the WSL utility VM (vmmemWSL) running ${own}: stop it with wsl --terminate ${own} (or wsl --shutdown)`);
  }
  const pid = await dockerDesktopPid(host);
  if (pid !== null && (target.owner === "docker" || holders.length === 0)) {
    holders.push(`${DOCKER_DESKTOP_IMAGE} (PID ${pid}): quit Docker Desktop from its tray icon, or let the strategy stop it`);
  }
  if (target.owner === "docker" && (await dockerServiceState(host)) === "running") {
    holders.push(`${DOCKER_SERVICE_HOLDER}: the strategies stop it when it still holds the disk after Docker Desktop quit (one administrator prompt), and start it again; by hand: ${DOCKER_SERVICE_STOP} (elevated)`);
  }
  if (holders.length === 0) {
    holders.push(`an unknown process: find it in Resource Monitor (resmon, CPU tab, Associated Handles, search "${host.path.basename(target.path)}") or with Sysinternals handle.exe, and close it`);
  }
  return holders;
}
