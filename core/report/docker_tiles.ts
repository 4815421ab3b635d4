/**
 * The Docker view as treemap tiles: images (each image's own layers, and the layers images share),
 * containers (writable layer and logs), volumes, build cache and the rest of Docker's root; a
 * containerd image store as one tile. Allocated bytes, each inode once, as the Docker view counts
 * them (core/usage/docker_store).
 * @module
 */
import type { DockerUsage } from "../usage/docker_store/scan_docker.ts";
import type { ClassicStoreUsage } from "../usage/docker_store/classic_store.ts";
import type { ReportNode } from "./report_node.ts";

/**
 * Docker's data as one tree of tiles (root "Docker").
 * @example
 * const tiles = dockerTiles(section.docker!);
 * console.log(tiles.c?.map((t) => t.n)); // ["images", "containers", …]
 */
export function dockerTiles(docker: DockerUsage): ReportNode {
  const parts: ReportNode[] = [];
  for (const s of docker.classic) parts.push(...classicTiles(s, docker.classic.length > 1 ? ` (${s.root.path})` : ""));
  for (const s of docker.containerd) parts.push(leaf(`containerd image store (${s.root.path})`, s.total.allocatedBytes, s.total.apparentBytes, "dir"));
  return group("Docker", parts);
}

function classicTiles(s: ClassicStoreUsage, suffix: string): ReportNode[] {
  const unique = s.images.reduce((n, i) => n + i.uniqueAllocatedBytes, 0);
  const shared = Math.max(0, s.imagesTotal.allocatedBytes - unique);
  const images = group(`images${suffix}`, [
    ...s.images.map((i) => leaf(i.name, i.uniqueAllocatedBytes, i.size - i.sharedSize, "dir")),
    leaf("(layers shared by several images)", shared, shared, "dirs"),
  ]);
  const containers = group(`containers${suffix}`, s.containers.map((c) =>
    group(c.name, [leaf("writable layer", c.writableAllocatedBytes, c.sizeRw, "dir"), leaf("logs", c.logAllocatedBytes, c.logAllocatedBytes, "files")])
  ));
  const volumes = group(`volumes${suffix}`, s.volumes.map((v) => leaf(v.name, v.allocatedBytes, v.apparentBytes, "dir")));
  const cache = leaf(`build cache${suffix}`, s.buildCache.total.allocatedBytes, s.buildCache.total.apparentBytes, "dirs");
  const other = leaf(`other${suffix}`, s.other.allocatedBytes, s.other.apparentBytes, "dirs");
  return [images, containers, volumes, cache, other].filter((t) => t.a > 0);
}

function leaf(n: string, a: number, p: number, k: ReportNode["k"]): ReportNode {
  return { n, a, p: Math.max(0, p), f: 0, k };
}

function group(n: string, tiles: ReportNode[]): ReportNode {
  const c = tiles.filter((t) => t.a > 0).sort((x, y) => y.a - x.a);
  return { n, a: c.reduce((s, t) => s + t.a, 0), p: c.reduce((s, t) => s + t.p, 0), f: c.reduce((s, t) => s + t.f, 0), k: "dir", ...(c.length ? { c } : {}) };
}
