/**
 * Docker Desktop's Windows service, `com.docker.service`: it can keep `docker_data.vhdx` open after
 * Docker Desktop quit. Its state comes from `sc query` (the numeric STATE, the same in every display
 * language; learn.microsoft.com "sc.exe query"); it is stopped and started with `net stop|start`,
 * which wait until the service has changed state (`sc stop` returns while it is STOP_PENDING) and
 * exit 0 or 2 (learn.microsoft.com "Net stop"). Both need an elevated process: one UAC prompt each.
 * @module
 */
import type { Host } from "../host/host.ts";
import { TargetBusyError } from "../errors.ts";

/** The service's name (its display name is "Docker Desktop Service"). */
export const DOCKER_SERVICE = "com.docker.service";

/** The exact command that stops it. */
export const DOCKER_SERVICE_STOP = `net stop ${DOCKER_SERVICE}`;

/** `sc query` exits with this Win32 error when the service is not installed (ERROR_SERVICE_DOES_NOT_EXIST). */
export const SC_SERVICE_MISSING_EXIT = 1060;

/** SERVICE_STATUS.dwCurrentState values (winsvc.h) and what they mean here. */
const STATE_CODES: Record<number, ServiceState> = { 1: "stopped", 2: "pending", 3: "pending", 4: "running", 5: "pending", 6: "pending", 7: "stopped" };

/** A service's state: `absent` when it is not installed, `unknown` when `sc` did not say. */
export type ServiceState = "running" | "stopped" | "pending" | "absent" | "unknown";

/**
 * Parses the STATE line of `sc query <name>`.
 * @example
 * ```ts
 * parseScState("        STATE              : 4  RUNNING"); // "running"
 * ```
 */
export function parseScState(text: string): ServiceState {
  const m = /^\s*STATE\s*:\s*(\d+)/m.exec(text);
  return m ? STATE_CODES[Number(m[1])] ?? "unknown" : "unknown";
}

/** The state of `com.docker.service`. */
export async function dockerServiceState(host: Host): Promise<ServiceState> {
  if (!host.isWindows) return "absent";
  const r = await host.exec("sc", ["query", DOCKER_SERVICE], { timeoutMs: 30_000 }).catch(() => null);
  if (!r) return "unknown";
  if (r.code === SC_SERVICE_MISSING_EXIT) return "absent";
  return r.code === 0 ? parseScState(r.stdout) : "unknown";
}

/**
 * Stops the service (elevated) and checks that it stopped; throws {@link TargetBusyError} when it did
 * not, e.g. when the UAC prompt was declined. Judged by `sc query` afterwards, because output of a
 * program run through UAC is not captured.
 */
export async function stopDockerService(host: Host, signal?: AbortSignal): Promise<void> {
  const r = await host.exec("net", ["stop", DOCKER_SERVICE], { elevated: true, signal, timeoutMs: 120_000 })
    .catch((e: Error) => ({ code: -1, stdout: "", stderr: e.message }));
  if ((await dockerServiceState(host)) === "stopped") return;
  const why = `${r.stderr}\n${r.stdout}`.split("\n").map((l) => l.trim()).filter(Boolean).join(" ");
  throw new TargetBusyError(
    `${DOCKER_SERVICE} (Docker Desktop Service) holds the disk and did not stop (${DOCKER_SERVICE_STOP} exited ${r.code}${why ? `: ${why}` : ""}): ` +
    `accept the administrator prompt, or run ${DOCKER_SERVICE_STOP} in an elevated terminal, then retry`,
  );
}

/** Starts the service again (elevated); false (never a throw) when it did not start. */
export async function startDockerService(host: Host): Promise<boolean> {
  await host.exec("net", ["start", DOCKER_SERVICE], { elevated: true, timeoutMs: 120_000 }).catch(() => null);
  return (await dockerServiceState(host)) === "running";
}

/**
 * When `path` is still locked with Docker Desktop and WSL stopped and the service runs, stops the
 * service and checks the lock again. Returns true when it stopped the service (start it afterwards).
 * Throws {@link TargetBusyError} when the file stays locked; the service is then started again.
 */
export async function releaseFromDockerService(host: Host, path: string, signal?: AbortSignal): Promise<boolean> {
  // A lock check that fails is thrown, not taken for "not locked" (issue 14, defect 8).
  if (!(await host.fs.isLocked(path))) return false;
  if ((await dockerServiceState(host)) !== "running") return false;
  await stopDockerService(host, signal);
  if (await host.fs.isLocked(path)) {
    await startDockerService(host);
    throw new TargetBusyError(`${path} is still in use after stopping ${DOCKER_SERVICE}: run vhdx-shrink doctor --target "${path}" to see what holds it; nothing was changed`);
  }
  return true;
}
