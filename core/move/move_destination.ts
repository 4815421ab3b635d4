/**
 * Where a disk goes when it is moved to another folder, and whether that folder's drive has room,
 * decided before anything is written. A distro keeps its disk's file name in the new folder, as
 * `wsl --manage <distro> --move <dir>` does (microsoft/WSL `LxssUserSessionImpl::MoveDistribution`,
 * docs/windows-behaviour.md). Docker Desktop's data disk goes to `<value>\disk\docker_data.vhdx`
 * where `<value>` is the `CustomWslDistroDir` Docker reads, ending in `DockerDesktopWSL`
 * (docs/windows-facts.md, docker/for-win#13408, #13345).
 * @module
 */
import { RefusedError, UsageError } from "../errors.ts";
import type { Host } from "../host/host.ts";
import type { Target } from "../domain/target.ts";
import { formatBytes } from "../units.ts";
import { dockerCustomRoot } from "../discover/docker_disks.ts";

/** Where Docker Desktop keeps its data disk under a custom root (docs/research.md §3). */
const DOCKER_DATA_DISK = ["disk", "docker_data.vhdx"] as const;

/** Where a moved disk goes and what points at it afterwards. */
export interface MoveDestination {
  /** The folder the new disk is written to (created when missing). */
  dir: string;
  /** The new disk's full path. */
  diskPath: string;
  /** How the owner is told about the new place. */
  switchOver:
    | { kind: "wsl-move"; distro: string; location: string }
    | { kind: "docker-setting"; customWslDistroDir: string };
}

/**
 * The destination of `target` for `--to <to>`.
 * @throws UsageError for a relative `--to`, a target that is neither a distro nor Docker's data disk,
 *   or a destination that is the disk's own folder
 */
export function moveDestination(host: Pick<Host, "path">, target: Target, to: string): MoveDestination {
  const p = host.path;
  if (!p.isAbsolute(to)) throw new UsageError(`--to ${to}: give a full folder path (e.g. D:\\WSL)`);
  const normal = p.normalize(to);
  // No trailing separator (it would be written into BasePath), except on a drive's root.
  const wanted = /^[A-Za-z]:[\\/]$/.test(normal) || normal === p.sep ? normal : normal.replace(/[\\/]+$/, "");
  let dest: MoveDestination;
  if (target.kind === "distro" && target.owner === "wsl") {
    dest = { dir: wanted, diskPath: p.join(wanted, p.basename(target.path)), switchOver: { kind: "wsl-move", distro: target.name, location: wanted } };
  } else if (target.kind === "disk" && target.owner === "docker" && p.basename(target.path).toLowerCase() === DOCKER_DATA_DISK[1]) {
    const root = dockerCustomRoot(host, wanted);
    const dir = p.join(root, DOCKER_DATA_DISK[0]);
    dest = { dir, diskPath: p.join(dir, DOCKER_DATA_DISK[1]), switchOver: { kind: "docker-setting", customWslDistroDir: root } };
  } else {
    throw new UsageError(`${target.name}: only a WSL distro or Docker Desktop's docker_data.vhdx can be moved`);
  }
  if (samePath(p.dirname(target.path), dest.dir)) throw new UsageError(`${target.name} already lives in ${dest.dir}; nothing to move`);
  return dest;
}

/** Windows paths compare case-insensitively; a POSIX host keeps case. */
function samePath(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/[\\/]+$/, "");
  return norm(a) === norm(b) || (a.includes("\\") && norm(a).toLowerCase() === norm(b).toLowerCase());
}

/**
 * Refuses, before anything is written, when the drive of `dir` has less free space than `needed`
 * bytes. The free space is asked of the nearest folder that exists (GetDiskFreeSpaceEx takes an
 * existing directory).
 * @throws RefusedError naming both numbers
 */
export async function requireDestinationSpace(host: Pick<Host, "path" | "fs">, dir: string, needed: number): Promise<number> {
  let probe = dir;
  while (!(await host.fs.exists(probe))) {
    const up = host.path.dirname(probe);
    if (up === probe) break;
    probe = up;
  }
  const free = await host.fs.freeSpace(probe);
  if (free < needed) {
    throw new RefusedError(`${dir}: ${formatBytes(free)} free, the shrunk copy needs up to ${formatBytes(needed)}; nothing was written`);
  }
  return free;
}
