/**
 * Turning `--target` into targets: a VHDX file path, or a distro / disk name from discovery.
 * @module
 */
import type { Host } from "../core/host/host.ts";
import type { Target } from "../core/plugin/types.ts";
import { UserFacingError } from "../core/errors.ts";
import { discoverTargets } from "../core/discover/mod.ts";

/** Every shrinkable disk found on this host (empty where discovery does not apply: not Windows). */
export async function allTargets(host: Host): Promise<Target[]> {
  const found = await discoverTargets(host);
  return found.targets.filter((t) => t.shrinkable);
}

/** A target for a file given by path (kind "disk"), or the discovered target with that path. */
async function fileTarget(host: Host, spec: string, known: Target[]): Promise<Target | null> {
  const info = await host.fs.stat(spec);
  if (!info || info.isDirectory) return null;
  const full = host.path.resolve(spec);
  const same = known.find((t) => t.path.toLowerCase() === full.toLowerCase());
  return same ?? { kind: "disk", owner: "file", name: host.path.basename(full), path: full };
}

/**
 * Resolves `--target`: a path to a VHDX, or a distro / disk name (case-insensitive). Without a spec,
 * every discovered target. Errors list what is known so the user can correct the name.
 */
export async function resolveTargets(host: Host, spec?: string): Promise<Target[]> {
  const known = await allTargets(host);
  if (!spec) {
    if (known.length > 0) return known;
    throw new UserFacingError(host.isWindows
      ? "found no WSL distros or Docker Desktop disks: give a VHDX file with --target FILE"
      : "finding WSL and Docker Desktop disks needs Windows: give a VHDX file with --target FILE", 1);
  }
  const byFile = await fileTarget(host, spec, known);
  if (byFile) return [byFile];
  const lower = spec.toLowerCase();
  const byName = known.filter((t) => t.name.toLowerCase() === lower);
  if (byName.length > 0) return byName;
  const names = known.map((t) => t.name).join(", ");
  throw new UserFacingError(`no file, distro or disk named "${spec}"${names ? `: known targets are ${names}` : ""}`, 1);
}
