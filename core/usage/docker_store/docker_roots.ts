/**
 * Where Docker keeps its data on a disk, found by layout (docs/disk-contents.md §1 "Probe"):
 * Docker Desktop's `docker_data.vhdx` holds `/var/lib/docker` as `data/docker`, older data
 * distros as `version-pack-data/community/docker`, and a distro running Docker Engine has a plain
 * `/var/lib/docker`. containerd roots (Docker Desktop's image store since 4.34) are found the same way.
 * @module
 */
import { type DockerTree, isDirectory, joinPath, listDir, readJson } from "./tree.ts";

/** A Docker data root found on the disk. */
export interface DockerRootLocation {
  /** Path inside this filesystem, e.g. `/data/docker`. */
  path: string;
  /** Where the running system sees it (Docker Desktop's VM and distros: `/var/lib/docker`). */
  runtimePath: string;
  /** Which layout it came from. */
  layout: "docker-desktop" | "docker-desktop-legacy" | "engine";
}

/** A containerd root found on the disk. */
export interface ContainerdRootLocation {
  path: string;
  runtimePath: string;
  layout: "docker-desktop" | "engine" | "containerd";
}

/** Candidate Docker roots, in probe order [docs/disk-contents.md §1]. */
export const DOCKER_ROOT_CANDIDATES: readonly DockerRootLocation[] = [
  { path: "/data/docker", runtimePath: "/var/lib/docker", layout: "docker-desktop" },
  { path: "/version-pack-data/community/docker", runtimePath: "/var/lib/docker", layout: "docker-desktop-legacy" },
  { path: "/var/lib/docker", runtimePath: "/var/lib/docker", layout: "engine" },
];

/** Candidate containerd roots, in probe order [docs/disk-contents.md §1]. */
export const CONTAINERD_ROOT_CANDIDATES: readonly ContainerdRootLocation[] = [
  { path: "/data/desktop-containerd/daemon", runtimePath: "/var/lib/desktop-containerd/daemon", layout: "docker-desktop" },
  { path: "/var/lib/containerd", runtimePath: "/var/lib/containerd", layout: "containerd" },
  { path: "/var/lib/docker/containerd/daemon", runtimePath: "/var/lib/docker/containerd/daemon", layout: "engine" },
  { path: "/data/docker/containerd/daemon", runtimePath: "/var/lib/docker/containerd/daemon", layout: "engine" },
];

/** The bolt database that marks a containerd root. */
export const CONTAINERD_MARKER = "io.containerd.metadata.v1.bolt/meta.db";

/** True when `path` holds a Docker root: `image/<driver>/repositories.json` or `containers/`. */
export async function isDockerRoot(tree: DockerTree, path: string): Promise<boolean> {
  if (isDirectory(await tree.stat(joinPath(path, "containers")))) return true;
  for (const driver of await listDir(tree, joinPath(path, "image"))) {
    if ((await tree.stat(joinPath(driver.path, "repositories.json"))) !== null) return true;
  }
  return false;
}

/** True when `path` holds a containerd root (its metadata database or its content store). */
export async function isContainerdRoot(tree: DockerTree, path: string): Promise<boolean> {
  return (await tree.stat(joinPath(path, CONTAINERD_MARKER))) !== null ||
    isDirectory(await tree.stat(joinPath(path, "io.containerd.content.v1.content")));
}

/** A distro's Docker Engine configuration, where a moved data root is named [docs.docker.com dockerd "data-root"]. */
export const DAEMON_JSON = "/etc/docker/daemon.json";

/** Every Docker root on the disk, in probe order, then one that `/etc/docker/daemon.json` names. */
export async function findDockerRoots(tree: DockerTree): Promise<DockerRootLocation[]> {
  const found: DockerRootLocation[] = [];
  for (const candidate of DOCKER_ROOT_CANDIDATES) {
    if (await isDockerRoot(tree, candidate.path)) found.push(candidate);
  }
  const config = await readJson(tree, DAEMON_JSON, 1024 * 1024) as { "data-root"?: unknown; graph?: unknown } | null;
  // "graph" is the option's name before Engine 17.05.
  const configured = config?.["data-root"] ?? config?.graph;
  if (typeof configured === "string" && configured.startsWith("/")) {
    const path = joinPath(configured);
    if (!found.some((f) => f.path === path) && await isDockerRoot(tree, path)) found.push({ path, runtimePath: path, layout: "engine" });
  }
  return found;
}

/** Every containerd root on the disk, in probe order. */
export async function findContainerdRoots(tree: DockerTree): Promise<ContainerdRootLocation[]> {
  const found: ContainerdRootLocation[] = [];
  for (const candidate of CONTAINERD_ROOT_CANDIDATES) {
    if (await isContainerdRoot(tree, candidate.path)) found.push(candidate);
  }
  return found;
}
