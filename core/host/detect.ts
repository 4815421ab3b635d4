/**
 * Picks the host for this process. The only place (with the hosts themselves) that asks which OS runs.
 * @module
 */
import type { Host } from "./host.ts";
import { PosixHost } from "./posix_host.ts";
import { WindowsHost } from "./windows_host.ts";

/** The real host for the OS this process runs on. */
export function detectHost(): Host {
  return process.platform === "win32" ? new WindowsHost() : new PosixHost();
}
