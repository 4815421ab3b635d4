/**
 * Stopping and removing distros: `wsl --shutdown`, `--terminate`, `--unregister`.
 * @module
 */
import type { Host } from "../host/host.ts";
import { runWslOk } from "./run_wsl.ts";
import type { WslCallOptions } from "./run_wsl.ts";

/** Arguments of `wsl --shutdown` (stops every distro and the utility VM). */
export const SHUTDOWN_ARGS = ["--shutdown"];

/** Stops every distro and the utility VM, releasing every VHDX. */
export async function shutdownWsl(host: Host, opts: WslCallOptions = {}): Promise<void> {
  await runWslOk(host, SHUTDOWN_ARGS, "wsl --shutdown", opts);
}

/** Stops one distro. */
export async function terminateDistro(host: Host, name: string, opts: WslCallOptions = {}): Promise<void> {
  await runWslOk(host, ["--terminate", name], `stopping ${name}`, opts);
}

/** Unregisters a distro: WSL deletes its registration AND its disk. */
export async function unregisterDistro(host: Host, name: string, opts: WslCallOptions = {}): Promise<void> {
  await runWslOk(host, ["--unregister", name], `unregistering ${name}`, opts);
}
