/**
 * Which disks are held open right now: a running distro's VHDX (the utility VM opens it without
 * sharing), Docker's disks while Docker Desktop runs, its data disk while `com.docker.service`
 * runs (the service can keep `docker_data.vhdx` open after Docker Desktop quit), and disks attached
 * by diskpart or Mount-VHD.
 * @module
 */
import type { Machine } from "./machine.ts";
import { diskPathOf, readDistros } from "./distros.ts";
import { winPathKey } from "./win_path.ts";

/** Path keys (see `winPathKey`) of every locked disk. */
export async function lockedDiskKeys(machine: Machine): Promise<Set<string>> {
  const state = await machine.read();
  const keys = new Set<string>(Object.keys(state.attached));
  const running = new Set(state.running.map((n) => n.toLowerCase()));
  if (running.size > 0) {
    for (const d of await readDistros(machine.registry)) {
      if (running.has(d.name.toLowerCase())) keys.add(winPathKey(diskPathOf(d)));
    }
  }
  if (state.docker.running) for (const p of state.docker.diskPaths) keys.add(winPathKey(p));
  if (state.docker.service === "running") {
    for (const p of state.docker.diskPaths) if (isDockerDataDisk(p)) keys.add(winPathKey(p));
  }
  return keys;
}

/** Docker's data disk in every layout: `docker_data.vhdx` (4.30+, custom) or `wsl\data\ext4.vhdx` (legacy). */
export function isDockerDataDisk(path: string): boolean {
  return /docker_data\.vhdx$|\\data\\ext4\.vhdx$/i.test(path);
}
