/**
 * Docker Desktop as a strategy may drive it, as methods on `ctx.docker`: is it running, stop it,
 * start it, wait for it, and its Windows service (`com.docker.service`) that can hold a disk open.
 * A thin facade over core/docker.
 * @module
 */
import type { Host } from "../../host/host.ts";
import { DOCKER_STOP_ARGS, dockerDesktopRunning, startDockerDesktop, stopDockerDesktop } from "../../docker_desktop/docker_desktop.ts";
import { DOCKER_SERVICE_STOP, dockerServiceState, releaseFromDockerService, startDockerService } from "../../docker_desktop/docker_desktop_service.ts";
import type { ServiceState } from "../../docker_desktop/docker_desktop_service.ts";

export type { ServiceState };

/** Pause between polls while waiting for Docker Desktop. */
const POLL_MS = 2_000;

/** Docker Desktop operations. */
export interface DockerService {
  /** True when Docker Desktop (or at least its engine) runs; false when stopped or not installed. */
  running(): Promise<boolean>;
  /** Stops it gracefully; throws `TargetBusyError` when it would not stop. */
  stop(signal?: AbortSignal): Promise<void>;
  /** Starts it; false (never a throw) when it could not. */
  start(): Promise<boolean>;
  /** Waits until it runs, up to `timeoutMs`; true when it does. */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  /** State of `com.docker.service`. */
  serviceState(): Promise<ServiceState>;
  /**
   * Stops `com.docker.service` (elevated) when it still holds `path` with everything else stopped;
   * true when it did (start it again with {@link DockerService.startService}).
   */
  releaseFromService(path: string, signal?: AbortSignal): Promise<boolean>;
  startService(): Promise<boolean>;
  commands: { stop: string; stopService: string };
}

/** The Docker Desktop service over a host. */
export function dockerService(host: Host): DockerService {
  return {
    running: () => dockerDesktopRunning(host),
    stop: (signal) => stopDockerDesktop(host, signal),
    start: () => startDockerDesktop(host),
    async wait(timeoutMs, signal) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        if (await dockerDesktopRunning(host)) return true;
        if (Date.now() >= end || signal?.aborted) return false;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
    serviceState: () => dockerServiceState(host),
    releaseFromService: (path, signal) => releaseFromDockerService(host, path, signal),
    startService: () => startDockerService(host),
    commands: { stop: `docker ${DOCKER_STOP_ARGS.join(" ")}`, stopService: DOCKER_SERVICE_STOP },
  };
}
