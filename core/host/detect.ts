/**
 * Picks the host for this process. The only place (with the hosts themselves) that asks which OS runs.
 * `VHDX_SHRINK_SIMULATE=<stateDir>` selects a simulated Windows built earlier with `SimulatedHost.create`
 * (tests, the demo, the Wine suite).
 * @module
 */
import type { Host } from "./host.ts";
import { PosixHost } from "./posix_host.ts";
import { WindowsHost } from "./windows_host.ts";
import { SimulatedHost } from "./simulated/simulated_host.ts";

/** Environment variable naming a simulated machine's state folder. */
export const SIMULATE_ENV = "VHDX_SHRINK_SIMULATE";

/** The host for this process: simulated when {@link SIMULATE_ENV} is set, else the real OS. */
export function detectHost(): Host {
  const simulated = process.env[SIMULATE_ENV];
  if (simulated) return SimulatedHost.open(simulated);
  return process.platform === "win32" ? new WindowsHost() : new PosixHost();
}
