/**
 * A container's folder under `containers/<id>/` [moby/moby container/container.go]: its log files
 * (json-file `<id>-json.log` and rotated `<id>-json.log.N[.gz]`, the local driver's `local-logs/`
 * [docs.docker.com json-file and local logging drivers]) apart from its small config files.
 * @module
 */
import type { DockerRootLocation } from "./docker_roots.ts";
import { du, type DirUsage, type DuOptions, EMPTY_USAGE, ownUsage, sumUsage } from "./du.ts";
import { type DockerTree, listDir } from "./tree.ts";

/** A container log file. */
export interface LogFileUsage {
  /** Path inside this filesystem. */
  path: string;
  /** Path as the running system sees it (`/var/lib/docker/containers/<id>/<id>-json.log`). */
  runtimePath: string;
  apparentBytes: number;
  allocatedBytes: number;
}

/** A container folder measured. */
export interface ContainerDirUsage {
  logs: LogFileUsage[];
  /** Everything else (config.v2.json, hostconfig.json, resolv.conf, …) and the folder itself. */
  rest: DirUsage;
}

/** Measures a container's folder, its logs apart. */
export async function measureContainerDir(tree: DockerTree, path: string, id: string, root: DockerRootLocation, sizing: DuOptions): Promise<ContainerDirUsage> {
  const logs: LogFileUsage[] = [];
  const self = await tree.stat(path);
  const restParts: DirUsage[] = self ? [ownUsage(self)] : [];
  for (const e of await listDir(tree, path, sizing.onUnreadable)) {
    const u = await du(tree, e.path, sizing);
    if (e.name.startsWith(`${id}-json.log`) || e.name === "local-logs") {
      const runtimePath = root.runtimePath + e.path.slice(root.path.length);
      logs.push({ path: e.path, runtimePath, apparentBytes: u.apparentBytes, allocatedBytes: u.allocatedBytes });
    } else restParts.push(u);
  }
  return { logs, rest: sumUsage(restParts) };
}

/** A log file's bytes as a usage, for totals. */
export function logAsUsage(l: LogFileUsage): DirUsage {
  return { ...EMPTY_USAGE, apparentBytes: l.apparentBytes, allocatedBytes: l.allocatedBytes, files: 1 };
}

/** A folder's usage leaving out one child (measured apart), the folder itself included. */
export async function duExcept(tree: DockerTree, path: string, skip: string, sizing: DuOptions): Promise<DirUsage> {
  const self = await tree.stat(path);
  const parts: DirUsage[] = self ? [ownUsage(self)] : [];
  for (const e of await listDir(tree, path, sizing.onUnreadable)) if (e.name !== skip) parts.push(await du(tree, e.path, sizing));
  return sumUsage(parts);
}
