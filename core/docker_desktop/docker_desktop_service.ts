/**
 * Docker Desktop's Windows service, `com.docker.service`: it can keep `docker_data.vhdx` open after
 * Docker Desktop quit. Its state, stop and start go through the host's services (the Service Control
 * Manager's API on Windows: numbers, never the translated text of `sc`; docs/windows-facts.md §10).
 * Stopping and starting need an elevated process: one UAC prompt each from a limited token.
 * @module
 */
import type { Host, ServiceState } from "../host/host.ts";
import { TargetBusyError } from "../errors.ts";

export type { ServiceState };

/** The service's name (its display name is "Docker Desktop Service"). */
export const DOCKER_SERVICE = "com.docker.service";

/** The exact command that stops it by hand, in an elevated terminal. */
export const DOCKER_SERVICE_STOP = `net stop ${DOCKER_SERVICE}`;

/** The state of `com.docker.service`. */
export function dockerServiceState(host: Host): Promise<ServiceState> {
  return host.services.state(DOCKER_SERVICE);
}

/**
 * Stops the service (elevated) and checks that it stopped; throws {@link TargetBusyError} when it did
 * not, e.g. when the UAC prompt was declined.
 */
export async function stopDockerService(host: Host, signal?: AbortSignal): Promise<void> {
  const r = await host.services.stop(DOCKER_SERVICE, { signal, timeoutMs: 120_000 });
  if (r.state === "stopped") return;
  throw new TargetBusyError(
    `${DOCKER_SERVICE} (Docker Desktop Service) holds the disk and did not stop (${r.message ?? `it is ${r.state}`}): ` +
    `accept the administrator prompt, or run ${DOCKER_SERVICE_STOP} in an elevated terminal, then retry`,
  );
}

/** Starts the service again (elevated); false (never a throw) when it did not start. */
export async function startDockerService(host: Host): Promise<boolean> {
  const r = await host.services.start(DOCKER_SERVICE, { timeoutMs: 120_000 }).catch(() => null);
  return r?.state === "running";
}

/**
 * When `path` is still locked with Docker Desktop and WSL stopped and the service runs, stops the
 * service and checks the lock again. Returns true when it stopped the service (start it afterwards).
 * Throws {@link TargetBusyError} when the file stays locked; the service is then started again.
 */
export async function releaseFromDockerService(host: Host, path: string, signal?: AbortSignal): Promise<boolean> {
  // A lock check that fails is thrown, not taken for "not locked": compacting a file in use corrupts it.
  if (!(await host.fs.isLocked(path))) return false;
  if ((await dockerServiceState(host)) !== "running") return false;
  await stopDockerService(host, signal);
  if (await host.fs.isLocked(path)) {
    await startDockerService(host);
    throw new TargetBusyError(`${path} is still in use after stopping ${DOCKER_SERVICE}: run vhdx-shrink doctor --target "${path}" to see what holds it; nothing was changed`);
  }
  return true;
}
