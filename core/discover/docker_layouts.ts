/**
 * Docker Desktop's disk layouts as data (docs/research.md §3): where each era keeps its disks, and which
 * settings files may move them to a custom folder.
 * @module
 */

/** One disk Docker Desktop may keep. */
export interface DockerDiskLocation {
  /** Layout era, for notes. */
  layout: "legacy" | "4.30" | "custom";
  /** Path below the root (LOCALAPPDATA\Docker, or <custom>\DockerDesktopWSL). */
  relativePath: string;
  /** Registered distro on this file; undefined for docker_data.vhdx, which is not a distro. */
  distro?: string;
}

/** Disks under `%LOCALAPPDATA%\Docker`. */
export const DOCKER_LOCALAPPDATA_DISKS: readonly DockerDiskLocation[] = [
  { layout: "legacy", relativePath: "wsl\\data\\ext4.vhdx", distro: "docker-desktop-data" },
  { layout: "legacy", relativePath: "wsl\\distro\\ext4.vhdx", distro: "docker-desktop" },
  { layout: "4.30", relativePath: "wsl\\main\\ext4.vhdx", distro: "docker-desktop" },
  { layout: "4.30", relativePath: "wsl\\disk\\docker_data.vhdx" },
];

/** Disks under `<CustomWslDistroDir>\DockerDesktopWSL`. */
export const DOCKER_CUSTOM_DISKS: readonly DockerDiskLocation[] = [
  { layout: "custom", relativePath: "main\\ext4.vhdx", distro: "docker-desktop" },
  { layout: "custom", relativePath: "disk\\docker_data.vhdx" },
];

/** Folder name Docker creates inside a custom location. */
export const DOCKER_CUSTOM_SUBDIR = "DockerDesktopWSL";

/** Settings files (under %APPDATA%\Docker) and the key naming a custom disk folder (*unconfirmed*, community sources). */
export const DOCKER_SETTINGS: readonly { file: string; key: string }[] = [
  { file: "settings-store.json", key: "CustomWslDistroDir" },
  { file: "settings.json", key: "customWslDistroDir" },
];

/** Names of Docker Desktop's own distros. */
export const DOCKER_DISTROS: readonly string[] = ["docker-desktop", "docker-desktop-data"];
