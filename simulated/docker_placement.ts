/**
 * Where Docker Desktop keeps its disks in each layout (docs/research.md §3), for the builder to place
 * files and registrations the way Docker Desktop does.
 * @module
 */
import { win32 } from "node:path";

/** Docker Desktop's disk layouts. */
export type DockerLayoutName = "legacy" | "4.30" | "custom";

/** One disk file Docker owns. */
export interface DockerFile {
  path: string;
  /** "main": engine distro disk; "data": images and volumes. */
  role: "main" | "data";
  /** The WSL distro registered on this file, if any (docker_data.vhdx is not a distro). */
  distro?: string;
}

/** Files and the settings document of one layout. */
export interface DockerPlacement {
  files: DockerFile[];
  settings?: { path: string; content: Record<string, unknown> };
}

/** Relative files per layout: folder, file name, role, registered distro. */
const LAYOUTS: Record<DockerLayoutName, [string, string, "main" | "data", string | undefined][]> = {
  legacy: [["wsl\\distro", "ext4.vhdx", "main", "docker-desktop"], ["wsl\\data", "ext4.vhdx", "data", "docker-desktop-data"]],
  "4.30": [["wsl\\main", "ext4.vhdx", "main", "docker-desktop"], ["wsl\\disk", "docker_data.vhdx", "data", undefined]],
  custom: [["main", "ext4.vhdx", "main", "docker-desktop"], ["disk", "docker_data.vhdx", "data", undefined]],
};

/** The placement for a layout given the user's environment. */
export function dockerPlacement(spec: { layout: DockerLayoutName; customDir?: string }, env: Record<string, string>): DockerPlacement {
  // Docker appends DockerDesktopWSL to CustomWslDistroDir only when the value lacks it; the GUI stores
  // its choice with it (docs/windows-facts.md §10).
  const customDir = spec.customDir ?? "D:\\DockerData";
  const root = spec.layout === "custom"
    ? (/[\\/]DockerDesktopWSL[\\/]?$/i.test(customDir) ? customDir : win32.join(customDir, "DockerDesktopWSL"))
    : win32.join(env.LOCALAPPDATA, "Docker");
  const files = LAYOUTS[spec.layout].map(([dir, name, role, distro]) => ({ path: win32.join(root, dir, name), role, distro }));
  const settings = spec.layout === "custom"
    ? { path: win32.join(env.APPDATA, "Docker", "settings-store.json"), content: { CustomWslDistroDir: spec.customDir ?? "D:\\DockerData", AutoStart: false } }
    : undefined;
  return { files, settings };
}
