/**
 * Picks the host for this process. The only place (with the hosts themselves) that asks which OS runs.
 * The simulated Windows (top-level `simulated/`) is never chosen here: the demo and the tests build it
 * explicitly and hand it to the CLI.
 * @module
 */
import type { Host } from "./host.ts";
import { PosixHost } from "./posix_host.ts";
import { WindowsHost } from "./windows_host.ts";

/** The host for this process: the real OS it runs on. */
export function detectHost(): Host {
  return process.platform === "win32" ? new WindowsHost() : new PosixHost();
}
