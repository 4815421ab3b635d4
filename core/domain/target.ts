/**
 * What the user may shrink: a registered WSL distro or a bare VHDX file. Discovery produces targets,
 * strategies and the CLI consume them.
 * @module
 */

/** What a target is: a registered WSL distro, or a bare VHDX file (docker_data.vhdx, any file at hand). */
export type TargetKind = "distro" | "disk";

/** A disk the user may shrink. */
export interface Target {
  kind: TargetKind;
  /** Display name: distro name, or file name for bare disks. */
  name: string;
  /** Full path of the VHDX in the host's syntax. */
  path: string;
  /** Who owns it: "wsl" distro, "docker" (Docker Desktop), or "file" (given by path). */
  owner: "wsl" | "docker" | "file";
  /** Registered distro name (for kind "distro"; also set for Docker's own distros). */
  distro?: string;
  /** Registry key GUID of the distro. */
  distroId?: string;
  /** Whether the distro (or its VM) is running now; undefined when unknown. */
  running?: boolean;
  /** Default user id of the distro, to restore after an import. */
  defaultUid?: number;
}
