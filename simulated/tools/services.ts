/**
 * The Windows services the emulated `sc` and `net` know: only Docker Desktop's `com.docker.service`
 * (display name "Docker Desktop Service", as Docker Desktop's installer registers it), whose state is
 * `docker.service` in the machine state. Service states are SERVICE_STATUS.dwCurrentState values
 * (learn.microsoft.com "SERVICE_STATUS structure").
 * @module
 */
import type { ToolContext } from "./tool.ts";

/** `SERVICE_STOPPED` and `SERVICE_RUNNING` (winsvc.h). */
export const SERVICE_STATE_CODE = { stopped: 1, running: 4 } as const;

/** One emulated service. */
export interface EmulatedService {
  name: string;
  displayName: string;
  running: boolean;
}

const DOCKER_SERVICE = { name: "com.docker.service", displayName: "Docker Desktop Service" };

/** The installed service of that name (case-insensitive, like the Service Control Manager), or null. */
export async function findService(ctx: ToolContext, name: string): Promise<EmulatedService | null> {
  if (name.toLowerCase() !== DOCKER_SERVICE.name && name.toLowerCase() !== DOCKER_SERVICE.displayName.toLowerCase()) return null;
  const state = (await ctx.machine.read()).docker.service;
  return state === undefined ? null : { ...DOCKER_SERVICE, running: state === "running" };
}

/** Starts or stops a service found by {@link findService}. */
export async function setServiceRunning(ctx: ToolContext, running: boolean): Promise<void> {
  await ctx.machine.update((s) => void (s.docker.service = running ? "running" : "stopped"));
}
