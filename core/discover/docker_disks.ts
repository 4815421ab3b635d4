/**
 * Finds Docker Desktop's disks in every layout: `%LOCALAPPDATA%\Docker\wsl\...` (legacy and 4.30+)
 * and a custom folder named in `%APPDATA%\Docker\settings-store.json`.
 * @module
 */
import type { Host } from "../host/host.ts";
import { DOCKER_CUSTOM_DISKS, DOCKER_CUSTOM_SUBDIR, DOCKER_LOCALAPPDATA_DISKS, DOCKER_SETTINGS } from "./docker_layouts.ts";
import type { DockerDiskLocation } from "./docker_layouts.ts";

/** A Docker disk that exists. */
export interface FoundDockerDisk extends DockerDiskLocation {
  path: string;
}

/** The custom disk folder from Docker's settings, if one is set. */
export async function dockerCustomDir(host: Host): Promise<string | null> {
  const appData = host.env("APPDATA");
  if (!appData) return null;
  for (const { file, key } of DOCKER_SETTINGS) {
    const path = host.path.join(appData, "Docker", file);
    if (!(await host.fs.exists(path))) continue;
    try {
      const value = (JSON.parse(await host.fs.readText(path)) as Record<string, unknown>)[key];
      if (typeof value === "string" && value.trim()) return value.trim();
    } catch {
      // A settings file Docker is rewriting, or hand-edited: ignore it, the default locations still count.
    }
  }
  return null;
}

/**
 * The folder holding `main\ext4.vhdx` and `disk\docker_data.vhdx` for a `CustomWslDistroDir` value.
 * Docker stores the GUI's choice already ending in `DockerDesktopWSL` and appends that folder only
 * when a hand-set value lacks it (docs/windows-facts.md §10, docker/for-win#13408, #13345).
 */
export function dockerCustomRoot(host: Pick<Host, "path">, value: string): string {
  const trimmed = /^[A-Za-z]:[\\/]$/.test(value) ? value : value.replace(/[\\/]+$/, "");
  const last = trimmed.split(/[\\/]/).pop() ?? "";
  return last.toLowerCase() === DOCKER_CUSTOM_SUBDIR.toLowerCase() ? trimmed : host.path.join(trimmed, DOCKER_CUSTOM_SUBDIR);
}

/** Every Docker disk file present on this machine. */
export async function findDockerDisks(host: Host): Promise<FoundDockerDisk[]> {
  const roots: [string, readonly DockerDiskLocation[]][] = [];
  const local = host.env("LOCALAPPDATA");
  if (local) roots.push([host.path.join(local, "Docker"), DOCKER_LOCALAPPDATA_DISKS]);
  const custom = await dockerCustomDir(host);
  if (custom) roots.push([dockerCustomRoot(host, custom), DOCKER_CUSTOM_DISKS]);
  const found: FoundDockerDisk[] = [];
  for (const [root, locations] of roots) {
    for (const loc of locations) {
      const path = host.path.join(root, loc.relativePath);
      if (await host.fs.exists(path)) found.push({ ...loc, path });
    }
  }
  return found;
}
