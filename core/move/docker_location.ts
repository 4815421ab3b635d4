/**
 * Docker Desktop's disk image location (Settings > Resources > Advanced > Disk image location): the
 * `CustomWslDistroDir` value in `%APPDATA%\Docker\settings-store.json` (`customWslDistroDir` in the
 * older settings.json), read as core/discover/docker_disks.ts reads it (docs/windows-facts.md,
 * docs/research.md §3). Written while Docker Desktop is quit, since it rewrites the file while it
 * runs; written to a `.partial` file and renamed over the old one, then read back; the previous
 * value is returned so a failed move can put it back.
 * @module
 */
import { RefusedError } from "../errors.ts";
import type { Host } from "../host/host.ts";
import { DOCKER_SETTINGS } from "../discover/docker_layouts.ts";
import { dockerCustomDir } from "../discover/docker_disks.ts";

/** What the settings held before a change, to put back. */
export interface SavedDockerLocation {
  /** The settings file that was changed. */
  file: string;
  /** Its key naming the folder. */
  key: string;
  /** The value before (undefined: the key was absent; null: the file did not exist). */
  previous: string | undefined | null;
}

/**
 * Sets Docker Desktop's disk image location to `value` (a folder ending in `DockerDesktopWSL`, see
 * `dockerCustomRoot`), keeping every other setting.
 * @throws RefusedError when the settings file cannot be read as JSON (nothing is changed), or when the
 *   value read back differs
 */
export async function setDockerDiskLocation(host: Host, value: string): Promise<SavedDockerLocation> {
  const appData = host.env("APPDATA");
  if (!appData) throw new RefusedError("APPDATA is not set, so Docker Desktop's settings cannot be found; nothing was changed");
  let chosen: { file: string; key: string } | undefined;
  for (const s of DOCKER_SETTINGS) {
    const file = host.path.join(appData, "Docker", s.file);
    if (await host.fs.exists(file)) {
      chosen = { file, key: s.key };
      break;
    }
  }
  const target = chosen ?? { file: host.path.join(appData, "Docker", DOCKER_SETTINGS[0].file), key: DOCKER_SETTINGS[0].key };
  const settings = chosen ? await readSettings(host, target.file) : {};
  const before = chosen ? settings[target.key] : null;
  const saved: SavedDockerLocation = { ...target, previous: typeof before === "string" ? before : before === null ? null : undefined };
  await writeSettings(host, target.file, { ...settings, [target.key]: value });
  if ((await dockerCustomDir(host)) !== value) {
    await restoreDockerDiskLocation(host, saved);
    throw new RefusedError(`${target.file}: Docker Desktop's disk image location did not read back as ${value}; the old setting was put back`);
  }
  return saved;
}

/** Puts back what {@link setDockerDiskLocation} changed. */
export async function restoreDockerDiskLocation(host: Host, saved: SavedDockerLocation): Promise<void> {
  if (saved.previous === null) {
    await host.fs.remove(saved.file);
    return;
  }
  const settings = await readSettings(host, saved.file);
  if (saved.previous === undefined) delete settings[saved.key];
  else settings[saved.key] = saved.previous;
  await writeSettings(host, saved.file, settings);
}

async function readSettings(host: Host, file: string): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await host.fs.readText(file));
  } catch (e) {
    throw new RefusedError(`${file} is not readable JSON (${(e as Error).message}); Docker Desktop's settings were not changed`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new RefusedError(`${file} does not hold a JSON object; Docker Desktop's settings were not changed`);
  }
  return parsed as Record<string, unknown>;
}

/** Writes the whole file next to the old one, then renames it over (the old file stays whole until then). */
async function writeSettings(host: Host, file: string, settings: Record<string, unknown>): Promise<void> {
  await host.fs.mkdir(host.path.dirname(file));
  const partial = `${file}.vhdx-shrink.partial`;
  await host.fs.writeText(partial, JSON.stringify(settings, null, 2));
  await host.fs.rename(partial, file);
}
