/**
 * The Docker view of a disk: every Docker root and containerd root found by layout, each measured
 * (both stores when both exist: an upgraded Docker Desktop keeps the overlay2 store it no longer
 * shows [docs/disk-contents.md §1 "Which store"]). Read-only; metadata only.
 * @module
 */
import { type ClassicStoreUsage, scanClassicStore } from "./classic_store.ts";
import { type ContainerdStoreUsage, scanContainerdStore } from "./containerd_store.ts";
import { type DirUsage, type KnownSizes, sumUsage } from "./du.ts";
import { findContainerdRoots, findDockerRoots } from "./docker_roots.ts";
import { type DockerTree, tolerantTree } from "./tree.ts";

/** What Docker keeps on the disk. */
export interface DockerUsage {
  /** Classic (graph driver) stores, one per Docker root. */
  classic: ClassicStoreUsage[];
  /** containerd image stores. */
  containerd: ContainerdStoreUsage[];
  /** Both kinds together, each inode once. */
  total: DirUsage;
}

/** Options for {@link scanDocker}. */
export interface DockerScanOptions {
  /**
   * The usage scan of the same tree (anything with `dir(path)` sums): directories it summed are not
   * walked again; only containers' writable layers and volumes are, for Docker's exact SIZE.
   */
  known?: KnownSizes;
}

/**
 * Finds and measures Docker's data on a tree; `null` when the disk holds no Docker root.
 * @example
 * const docker = await scanDocker(tree);
 * if (docker) console.log(JSON.stringify(dockerUsageJson(docker)));
 */
export async function scanDocker(fsTree: DockerTree, options: DockerScanOptions = {}): Promise<DockerUsage | null> {
  const tree = tolerantTree(fsTree);
  const dockerRoots = await findDockerRoots(tree);
  const containerdRoots = await findContainerdRoots(tree);
  if (dockerRoots.length === 0 && containerdRoots.length === 0) return null;
  const countedInodes = new Set<number>();
  const classic: ClassicStoreUsage[] = [];
  for (const root of dockerRoots) {
    const nested = containerdRoots.map((c) => c.path).filter((p) => p.startsWith(root.path + "/"));
    // The top-level folder under the Docker root that holds a nested containerd root is measured there.
    const exclude = nested.map((p) => root.path + "/" + p.slice(root.path.length + 1).split("/")[0]);
    classic.push(await scanClassicStore(tree, root, { exclude, countedInodes, known: options.known }));
  }
  const containerd: ContainerdStoreUsage[] = [];
  for (const root of containerdRoots) containerd.push(await scanContainerdStore(tree, root, { countedInodes, known: options.known }));
  linkContainers(classic, containerd);
  return { classic, containerd, total: sumUsage([...classic.map((c) => c.total), ...containerd.map((c) => c.total)]) };
}

/**
 * With the containerd image store, Docker still keeps `containers/<id>/` (config, logs) in its root,
 * but the writable layer is a containerd snapshot: take its size and image name from there.
 */
function linkContainers(classic: ClassicStoreUsage[], containerd: readonly ContainerdStoreUsage[]): void {
  const snapshots = new Map(containerd.flatMap((s) => s.containers).map((c) => [c.id, c]));
  for (const store of classic) {
    for (const row of store.containers) {
      const cd = snapshots.get(row.id);
      if (row.writableStore === null && cd && cd.snapshotId !== null) {
        row.writableStore = "containerd";
        row.writableAllocatedBytes = cd.writableAllocatedBytes;
        row.image = cd.image;
      }
    }
    const missing = store.containers.filter((c) => c.writableStore === null);
    if (missing.length > 0) {
      store.notes.push(`${missing.length} container(s) have no writable layer found on this disk (${missing.map((c) => c.id.slice(0, 12)).join(", ")})`);
    }
  }
}
