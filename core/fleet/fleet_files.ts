/**
 * Where `fix --unattended` keeps its files: the folder `%LOCALAPPDATA%\vhdx-shrink` (per user, as the
 * disks are), the run lock `fix.vhdx-shrink.lock` taken through the one-writer hold
 * (core/hold/disk_hold.ts) so two runs never overlap, and the log `fix.log`, bounded in size.
 * @module
 */
import type { Host } from "../host/host.ts";
import { holdDisk } from "../hold/disk_hold.ts";
import type { DiskHold } from "../hold/disk_hold.ts";

/** The log keeps its last bytes only (1 MiB, about ten thousand runs). */
export const MAX_FIX_LOG_CHARS = 1024 * 1024;

/** The folder, the name the lock is taken on, and the log. */
export interface FleetPaths {
  dir: string;
  /** The lock file is `<run>.vhdx-shrink.lock` (see {@link holdDisk}). */
  run: string;
  log: string;
}

/** The fleet files on this host: under LOCALAPPDATA on Windows, XDG_STATE_HOME or ~/.local/state elsewhere. */
export function fleetPaths(host: Host): FleetPaths | null {
  const home = host.env("HOME");
  const base = host.env("LOCALAPPDATA") ?? host.env("XDG_STATE_HOME") ?? (home ? host.path.join(home, ".local", "state") : undefined);
  if (!base) return null;
  const dir = host.path.join(base, "vhdx-shrink");
  return { dir, run: host.path.join(dir, "fix"), log: host.path.join(dir, "fix.log") };
}

/**
 * Takes the run lock: throws `DiskHeldError` naming the holder while another `fix` runs; a lock
 * whose run died is taken over (the hold's own rule).
 */
export async function holdFixRun(host: Host, paths: FleetPaths): Promise<DiskHold> {
  await host.fs.mkdir(paths.dir);
  return await holdDisk(host, paths.run);
}

/** Appends `text` to the log, keeping its last {@link MAX_FIX_LOG_CHARS} characters. */
export async function appendFixLog(host: Host, log: string, text: string): Promise<void> {
  await host.fs.mkdir(host.path.dirname(log));
  const old = (await host.fs.exists(log)) ? await host.fs.readText(log) : "";
  await host.fs.writeText(log, (old + text).slice(-MAX_FIX_LOG_CHARS));
}
