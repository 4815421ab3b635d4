/**
 * What the user may shrink: a registered WSL distro or a bare VHDX file. Discovery produces targets,
 * strategies and the CLI consume them.
 * @module
 */

/** What a target is: a registered WSL distro, or a bare VHDX file (docker_data.vhdx, any file at hand). */
export type TargetKind = "distro" | "disk";

/** What every target has. */
interface TargetCommon {
  /** The distro's name, or the file name of a bare disk. */
  name: string;
  /** Full path of the VHDX in the host's syntax. */
  path: string;
  /** Whether the distro (or its VM, or whatever holds the file) is running now; undefined when unknown. */
  running?: boolean;
}

/** A WSL distro: `name` is the name `wsl -d` takes (Docker Desktop's own distros too). */
export interface DistroTarget extends TargetCommon {
  kind: "distro";
  /** Who owns it: a user's WSL distro, or one of Docker Desktop's. */
  owner: "wsl" | "docker";
  /** Registry key GUID of the distro, when it is registered. */
  distroId?: string;
  /** Default user id of the distro, to restore after an import. */
  defaultUid?: number;
}

/** A bare VHDX file: Docker Desktop's data disk, or a file given by path. */
export interface DiskTarget extends TargetCommon {
  kind: "disk";
  /** Who owns it: Docker Desktop (docker_data.vhdx), or nobody known ("file", given by path). */
  owner: "docker" | "file";
}

/** A disk the user may shrink: a distro or a bare file, told apart by `kind`. */
export type Target = DistroTarget | DiskTarget;
