/**
 * The classic (graph driver, usually overlay2) store of one Docker root, measured: images with
 * Docker's SIZE / SHARED / UNIQUE figures and the blocks their layer directories hold, containers'
 * writable layers and logs, volumes, build cache, and what no image or container owns. Every inode
 * under the root is walked once; metadata only (the small JSON and text files Docker keeps).
 * @module
 */
import { chainIds } from "./chain_id.ts";
import { type LayerDirUsage, measureLayerDir } from "./layer_dir.ts";
import { type StoredContainer, familiarRef, imageStoreDrivers, readContainers, readImages, readLayers, readRepositories } from "./classic_metadata.ts";
import { type ContainerDirUsage, type LogFileUsage, duExcept, logAsUsage, measureContainerDir } from "./container_dir.ts";
import { du, type DirUsage, EMPTY_USAGE, type KnownSizes, ownUsage, sumUsage } from "./du.ts";
import type { DockerRootLocation } from "./docker_roots.ts";
import { type ImageFigures, imageDisplayName, imagesFigures } from "./system_df.ts";
import { type DockerTree, isDirectory, joinPath, listDir } from "./tree.ts";

export type { LogFileUsage } from "./container_dir.ts";

/** An image: Docker's figures (apparent bytes from layerdb) and the blocks its layer directories hold. */
export interface ImageUsage extends ImageFigures {
  /** `repository:tag` as `docker images` shows it. */
  name: string;
  /** Blocks held by all its layer directories. */
  allocatedBytes: number;
  /** Blocks held by the layer directories no other image uses. */
  uniqueAllocatedBytes: number;
}


/** A container: writable layer and logs. */
export interface ContainerUsage {
  id: string;
  name: string;
  /** Its image's name (`<none>` when untagged), or what it was created from. */
  image: string;
  imageId: string;
  running: boolean;
  /** SIZE as `docker ps -s` / `system df -v` count it: files of the writable layer's `diff`. */
  sizeRw: number;
  /** Blocks held by the writable layer and its `-init` layer. */
  writableAllocatedBytes: number;
  /** Where its writable layer is: an overlay2 dir, a containerd snapshot (containerd image store), or not found. */
  writableStore: "overlay2" | "containerd" | null;
  logs: LogFileUsage[];
  /** Blocks held by its log files. */
  logAllocatedBytes: number;
  volumes: string[];
}

/** A volume. */
export interface VolumeUsage {
  name: string;
  /** True for a 64-hex anonymous volume. */
  anonymous: boolean;
  /** LINKS: containers mounting it. */
  links: number;
  /** SIZE as Docker counts it (files of `_data`). */
  size: number;
  allocatedBytes: number;
  apparentBytes: number;
}

/** Build cache and leftovers: BuildKit's own folder plus layer directories no image or container owns. */
export interface BuildCacheUsage {
  /** `buildkit/` (its bolt databases and content store). */
  buildkit: DirUsage;
  /** Driver directories named by no layer `cache-id` and no container `mount-id`. */
  unownedDirs: { name: string; usage: DirUsage }[];
  total: DirUsage;
}

/** One Docker root's classic store. */
export interface ClassicStoreUsage {
  root: DockerRootLocation;
  /** Graph drivers with an image store (`overlay2`). */
  drivers: string[];
  images: ImageUsage[];
  /** The Images line of `docker system df`. */
  imagesTotal: { count: number; active: number; size: number; reclaimable: number; allocatedBytes: number };
  containers: ContainerUsage[];
  volumes: VolumeUsage[];
  buildCache: BuildCacheUsage;
  /** Layers in layerdb that no image names (left by an interrupted delete or pull). */
  unreferencedLayers: { chainId: string; diffSize: number; allocatedBytes: number }[];
  /** Everything else under the root (image metadata, network, plugins, …). */
  other: DirUsage;
  /** The whole root, each inode once. */
  total: DirUsage;
  /** Plain statements about what could not be read or matched. */
  notes: string[];
}

/** Options for {@link scanClassicStore}. */
export interface ClassicScanOptions {
  /** Subtrees measured elsewhere (a containerd root inside the Docker root) and left out here. */
  exclude?: readonly string[];
  /** Inodes already counted (shared across stores so hard links count once). */
  countedInodes?: Set<number>;
  /** Directory sums from the usage scan, so its walk is not repeated (see {@link KnownSizes}). */
  known?: KnownSizes;
}

/** Measures the classic store under a Docker root. */
export async function scanClassicStore(tree: DockerTree, root: DockerRootLocation, options: ClassicScanOptions = {}): Promise<ClassicStoreUsage> {
  const counted = options.countedInodes ?? new Set<number>();
  const unreadable: string[] = [];
  const sizing = { countedInodes: counted, known: options.known, onUnreadable: (path: string) => void unreadable.push(path) };
  const exclude = new Set(options.exclude ?? []);
  const notes: string[] = [];
  const drivers = await imageStoreDrivers(tree, root.path);
  // One image store is active at a time; the others are kept by Docker after a driver switch.
  const imageDir = drivers.length > 0 ? joinPath(root.path, "image", drivers.includes("overlay2") ? "overlay2" : drivers[0]) : null;
  const refs = imageDir ? await readRepositories(tree, imageDir) : new Map<string, string[]>();
  const storedImages = imageDir ? await readImages(tree, imageDir, refs) : [];
  const layers = imageDir ? await readLayers(tree, imageDir) : [];
  const containers = await readContainers(tree, root.path, imageDir);
  const writableDirs = new Set(containers.map((c) => c.mountId).filter((m): m is string => m !== null));

  const rootEntry = await tree.stat(root.path);
  const parts: DirUsage[] = [];
  if (rootEntry) parts.push(ownUsage(rootEntry));
  const layerDirs = new Map<string, LayerDirUsage>();
  const containerDirs = new Map<string, ContainerDirUsage>();
  const volumeDirs = new Map<string, { data: DirUsage; total: DirUsage }>();
  let buildkit: DirUsage = { ...EMPTY_USAGE };
  const otherParts: DirUsage[] = [];

  for (const top of await listDir(tree, root.path, sizing.onUnreadable)) {
    if (exclude.has(top.path)) continue;
    if (drivers.includes(top.name) && isDirectory(top)) {
      parts.push(ownUsage(top));
      for (const e of await listDir(tree, top.path, sizing.onUnreadable)) {
        if (isDirectory(e) && e.name !== "l") {
          const m = await measureLayerDir(tree, e.path, { ...sizing, exactDiff: writableDirs.has(e.name) });
          layerDirs.set(e.name, m);
          parts.push(m.total);
        } else {
          const u = await du(tree, e.path, sizing);
          otherParts.push(u);
          parts.push(u);
        }
      }
    } else if (top.name === "containers" && isDirectory(top)) {
      parts.push(ownUsage(top));
      for (const c of await listDir(tree, top.path, sizing.onUnreadable)) {
        const m = await measureContainerDir(tree, c.path, c.name, root, sizing);
        containerDirs.set(c.name, m);
        parts.push(m.rest, ...m.logs.map(logAsUsage));
      }
    } else if (top.name === "volumes" && isDirectory(top)) {
      parts.push(ownUsage(top));
      for (const v of await listDir(tree, top.path, sizing.onUnreadable)) {
        if (!isDirectory(v)) {
          const u = await du(tree, v.path, sizing);
          otherParts.push(u);
          parts.push(u);
          continue;
        }
        const data = await du(tree, joinPath(v.path, "_data"), { ...sizing, exactDockerBytes: true });
        const rest = await duExcept(tree, v.path, "_data", sizing);
        const total = sumUsage([data, rest]);
        volumeDirs.set(v.name, { data, total });
        parts.push(total);
      }
    } else if (top.name === "buildkit") {
      buildkit = await du(tree, top.path, sizing);
      parts.push(buildkit);
    } else {
      const u = await du(tree, top.path, sizing);
      otherParts.push(u);
      parts.push(u);
    }
  }

  const figures = imagesFigures(storedImages, new Map(layers.map((l) => [l.chainId, l.diffSize])), containers.map((c) => c.imageId));
  const layerByChain = new Map(layers.map((l) => [l.chainId, l]));
  const allocatedOfChain = (chainId: string) => {
    const cacheId = layerByChain.get(chainId)?.cacheId;
    return cacheId ? layerDirs.get(cacheId)?.total.allocatedBytes ?? 0 : 0;
  };
  // As for SHARED, a layer is unique when one image of the whole store names it.
  const refCount = new Map<string, number>();
  for (const img of storedImages) for (const c of new Set(chainIds(img.diffIds))) refCount.set(c, (refCount.get(c) ?? 0) + 1);
  const images: ImageUsage[] = figures.images.map((f) => ({
    ...f,
    name: familiarRef(imageDisplayName(f.refs)),
    allocatedBytes: f.chainIds.reduce((s, c) => s + allocatedOfChain(c), 0),
    uniqueAllocatedBytes: f.chainIds.filter((c) => refCount.get(c) === 1).reduce((s, c) => s + allocatedOfChain(c), 0),
  }));
  if (unreadable.length > 0) notes.push(`${unreadable.length} folder(s) could not be read (${unreadable[0]}${unreadable.length > 1 ? ", …" : ""}); what they hold is not counted`);
  const missing = new Set(figures.images.flatMap((f) => f.missingLayers));
  if (missing.size > 0) notes.push(`${missing.size} layer(s) named by image configs are missing from layerdb; those images' sizes leave them out`);

  const owned = new Set<string>();
  for (const l of layers) if (l.cacheId) owned.add(l.cacheId);
  const containerRows = containers.map((c) => containerUsage(c, layerDirs, containerDirs, storedImagesName(refs, c), owned));
  const volumes = volumeRows(volumeDirs, containers);
  const unownedDirs = [...layerDirs].filter(([name]) => !owned.has(name)).map(([name, m]) => ({ name, usage: m.total }));
  const unreferencedLayers = layers.filter((l) => !refCount.has(l.chainId))
    .map((l) => ({ chainId: l.chainId, diffSize: l.diffSize, allocatedBytes: layerDirs.get(l.cacheId)?.total.allocatedBytes ?? 0 }));

  return {
    root,
    drivers,
    images,
    imagesTotal: {
      count: images.length,
      active: figures.active,
      size: figures.totalSize,
      reclaimable: figures.reclaimable,
      allocatedBytes: layers.reduce((s, l) => s + (layerDirs.get(l.cacheId)?.total.allocatedBytes ?? 0), 0),
    },
    containers: containerRows,
    volumes,
    buildCache: { buildkit, unownedDirs, total: sumUsage([buildkit, ...unownedDirs.map((d) => d.usage)]) },
    unreferencedLayers,
    other: sumUsage(otherParts),
    total: sumUsage(parts),
    notes,
  };

}

function storedImagesName(refs: ReadonlyMap<string, string[]>, c: StoredContainer): string {
  const names = refs.get(c.imageId);
  return names && names.length > 0 ? familiarRef(imageDisplayName(names)) : c.imageRef || "<none>";
}

function containerUsage(
  c: StoredContainer,
  layerDirs: ReadonlyMap<string, LayerDirUsage>,
  containerDirs: ReadonlyMap<string, ContainerDirUsage>,
  image: string,
  owned: Set<string>,
): ContainerUsage {
  const rw = c.mountId ? layerDirs.get(c.mountId) : undefined;
  const init = c.initId ? layerDirs.get(c.initId) : c.mountId ? layerDirs.get(c.mountId + "-init") : undefined;
  if (c.mountId) owned.add(c.mountId);
  owned.add(c.initId ?? (c.mountId ? c.mountId + "-init" : ""));
  const logs = containerDirs.get(c.id)?.logs ?? [];
  return {
    id: c.id,
    name: c.name,
    image,
    imageId: c.imageId,
    running: c.running,
    sizeRw: rw?.diff.dockerBytes ?? 0,
    writableAllocatedBytes: (rw?.total.allocatedBytes ?? 0) + (init?.total.allocatedBytes ?? 0),
    writableStore: rw ? "overlay2" : null,
    logs,
    logAllocatedBytes: logs.reduce((s, l) => s + l.allocatedBytes, 0),
    volumes: c.volumes,
  };
}

function volumeRows(volumeDirs: ReadonlyMap<string, { data: DirUsage; total: DirUsage }>, containers: readonly StoredContainer[]): VolumeUsage[] {
  return [...volumeDirs].map(([name, v]) => ({
    name,
    anonymous: /^[0-9a-f]{64}$/.test(name),
    links: containers.filter((c) => c.volumes.includes(name)).length,
    size: v.data.dockerBytes,
    allocatedBytes: v.total.allocatedBytes,
    apparentBytes: v.total.apparentBytes,
  })).sort((a, b) => b.allocatedBytes - a.allocatedBytes || a.name.localeCompare(b.name));
}
