/**
 * Turning a command's target (its FILE argument or `--target`, the same on every command) into
 * targets: a VHDX file path, or a distro / disk name from discovery. A file that is not a usable
 * VHDX is refused here, so every command that reads a disk refuses it with the same line.
 * @module
 */
import type { Host } from "../core/host/host.ts";
import type { Target } from "../core/plugin/types.ts";
import { InvalidImageError, UsageError, UserFacingError } from "../core/errors.ts";
import { discoverTargets } from "../core/discover/mod.ts";
import { openVhdx } from "../core/vhdx/open_vhdx.ts";

/** The flag every command that takes a target declares beside its FILE argument. */
export const TARGET_FLAG = "-t, --target <distro|file>";

/**
 * The target a command was given: its positional argument or `--target` (one of them; both only
 * when they name the same thing).
 */
export function targetSpec(positional: string | undefined, option: string | undefined): string | undefined {
  if (positional !== undefined && option !== undefined && positional !== option) {
    throw new UsageError(`two targets given, "${positional}" and --target "${option}": name one`);
  }
  return positional ?? option;
}

/** How a hint names `target` on the command line: a file by its full path, a distro or Docker disk by its name. */
export function targetArg(target: Target): string {
  const word = target.kind === "disk" && target.owner === "file" ? target.path : target.name;
  return /^[\w.:\\/+-]+$/.test(word) ? word : `"${word.replace(/"/g, '\\"')}"`;
}

/** Refuses a file that is not a usable VHDX (not one, truncated, corrupt) with the reader's own reason. */
async function checkVhdx(host: Host, target: Target): Promise<void> {
  let file;
  try {
    file = await host.fs.open(target.path, "read");
  } catch {
    // Not readable now (a running VM holds it, no permission): the command itself says what it can.
    return;
  }
  try {
    await openVhdx(file, { log: "replay-in-memory" });
  } catch (e) {
    if (e instanceof InvalidImageError) throw new InvalidImageError(`${target.path}: ${e.message}`);
    // Other failures (a log to replay, a read error) are the command's to report in its own terms.
  } finally {
    await file.close();
  }
}

/** Every shrinkable disk found on this host (empty where discovery does not apply: not Windows). */
export async function allTargets(host: Host): Promise<Target[]> {
  const found = await discoverTargets(host);
  return found.targets.filter((t) => t.shrinkable);
}

/** A target for a file given by path (kind "disk"), or the discovered target with that path. */
async function fileTarget(host: Host, spec: string, known: Target[]): Promise<Target | null> {
  const info = await host.fs.stat(spec);
  if (!info) return null;
  if (info.isDirectory) {
    throw new UserFacingError(`${spec} is a folder: give the VHDX file inside it (for example ${host.path.join(spec, "ext4.vhdx")}), or a distro name`, 1);
  }
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
    throw noTarget(host);
  }
  const byFile = await fileTarget(host, spec, known);
  if (byFile) {
    await checkVhdx(host, byFile);
    return [byFile];
  }
  const lower = spec.toLowerCase();
  const byName = known.filter((t) => t.name.toLowerCase() === lower);
  if (byName.length > 0) return byName;
  if (looksLikePath(spec)) throw new UserFacingError(`${host.path.resolve(spec)} does not exist: check the path`, 1);
  const names = known.map((t) => t.name).join(", ");
  throw new UserFacingError(`no file, distro or disk named "${spec}"${names ? `: known targets are ${names}` : host.isWindows ? "" : " (distro names need Windows: give the VHDX file's path)"}`, 1);
}

/** Whether a target is written as a path (a separator in it, or a name ending .vhdx) rather than a distro name. */
export function looksLikePath(spec: string): boolean {
  return /[\\/]/.test(spec) || /\.vhdx$/i.test(spec);
}

/** The error of a command that needs a target and got none: a usage error (exit 2) on every command. */
export function noTarget(host: Host): UserFacingError {
  return new UsageError(host.isWindows
    ? "found no WSL distros or Docker Desktop disks: give a VHDX file, as FILE or --target FILE"
    : "finding WSL and Docker Desktop disks needs Windows: give a VHDX file, as FILE or --target FILE");
}

/** One target, for the commands that work on exactly one (analyze, compact). */
export async function resolveOneTarget(host: Host, spec: string | undefined, command: string): Promise<Target> {
  if (!spec) {
    const known = await allTargets(host);
    if (known.length === 0) throw noTarget(host);
    throw new UsageError(`${command} works on one disk: name it, as FILE or --target NAME (${known.map((t) => t.name).join(", ")})`);
  }
  const [target] = await resolveTargets(host, spec);
  return target;
}
