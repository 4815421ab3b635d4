/**
 * Readers for the classic (graph driver) store's small metadata files, relative to a Docker root
 * [docs/disk-contents.md §2; moby/moby reference/store.go, image/fs.go, layer/filestore.go,
 * container/container.go]. Each returns plain values; sizes are measured elsewhere.
 * @module
 */
import { digestHex } from "./chain_id.ts";
import type { StoredImage } from "./system_df.ts";
import { type DockerTree, isDirectory, joinPath, listDir, readJson, readText } from "./tree.ts";

/** A layer in `image/<driver>/layerdb/sha256/<chainID>/`. */
export interface StoredLayer {
  chainId: string;
  /** `size`: DiffSize in bytes (files of the diff, as moby's directory size counts them). */
  diffSize: number;
  /** `cache-id`: the graph driver's directory name (`overlay2/<cache-id>`). */
  cacheId: string;
}

/** A container's record in `containers/<id>/config.v2.json` joined with its layerdb mount. */
export interface StoredContainer {
  id: string;
  /** Name without the leading slash. */
  name: string;
  /** `sha256:<hex>` of its image. */
  imageId: string;
  /** What it was created from (`Config.Image`, e.g. `nginx`). */
  imageRef: string;
  /** `State.Running` as recorded when Docker last wrote it. */
  running: boolean;
  /** Volume names it mounts. */
  volumes: string[];
  /** `layerdb/mounts/<id>/mount-id`: its writable layer's directory, if recorded. */
  mountId: string | null;
  /** `init-id`: the `<mount-id>-init` layer, if recorded. */
  initId: string | null;
}

/** Image store directories under `image/` (one per graph driver that was used). */
export async function imageStoreDrivers(tree: DockerTree, root: string): Promise<string[]> {
  const drivers: string[] = [];
  for (const e of await listDir(tree, joinPath(root, "image"))) if (isDirectory(e)) drivers.push(e.name);
  return drivers.sort();
}

/** `repositories.json`: the references naming each image ID. */
export async function readRepositories(tree: DockerTree, imageDir: string): Promise<Map<string, string[]>> {
  const doc = await readJson(tree, joinPath(imageDir, "repositories.json")) as { Repositories?: Record<string, Record<string, string>> } | null;
  const refs = new Map<string, string[]>();
  for (const byRef of Object.values(doc?.Repositories ?? {})) {
    for (const [ref, id] of Object.entries(byRef ?? {})) {
      if (typeof id !== "string") continue;
      refs.set(id, [...(refs.get(id) ?? []), ref]);
    }
  }
  for (const list of refs.values()) list.sort((a, b) => Number(a.includes("@")) - Number(b.includes("@")) || a.localeCompare(b));
  return refs;
}

/** Every image in `imagedb` (configs and their recorded parents), named from `repositories.json`. */
export async function readImages(tree: DockerTree, imageDir: string, refs: ReadonlyMap<string, string[]>): Promise<StoredImage[]> {
  const images: StoredImage[] = [];
  for (const e of await listDir(tree, joinPath(imageDir, "imagedb/content/sha256"))) {
    if (isDirectory(e) || !/^[0-9a-f]{64}$/.test(e.name)) continue;
    const config = await readJson(tree, e.path) as { created?: string; rootfs?: { diff_ids?: unknown } } | null;
    const diffIds = Array.isArray(config?.rootfs?.diff_ids) ? config!.rootfs!.diff_ids.filter((d): d is string => typeof d === "string") : [];
    const parent = (await readText(tree, joinPath(imageDir, "imagedb/metadata/sha256", e.name, "parent"), 4096))?.trim() || null;
    const id = "sha256:" + e.name;
    images.push({ id, refs: refs.get(id) ?? [], diffIds, parentId: parent, created: typeof config?.created === "string" ? config.created : null });
  }
  return images.sort((a, b) => a.id.localeCompare(b.id));
}

/** Every layer in `layerdb/sha256`. */
export async function readLayers(tree: DockerTree, imageDir: string): Promise<StoredLayer[]> {
  const layers: StoredLayer[] = [];
  for (const e of await listDir(tree, joinPath(imageDir, "layerdb/sha256"))) {
    if (!isDirectory(e)) continue;
    const size = Number((await readText(tree, joinPath(e.path, "size"), 64))?.trim());
    const cacheId = (await readText(tree, joinPath(e.path, "cache-id"), 256))?.trim() ?? "";
    layers.push({ chainId: "sha256:" + e.name, diffSize: Number.isFinite(size) ? size : 0, cacheId });
  }
  return layers;
}

/** Every container in `containers/`, with its mount from `layerdb/mounts/<id>`. */
export async function readContainers(tree: DockerTree, root: string, imageDir: string | null): Promise<StoredContainer[]> {
  const containers: StoredContainer[] = [];
  for (const e of await listDir(tree, joinPath(root, "containers"))) {
    if (!isDirectory(e)) continue;
    const config = await readJson(tree, joinPath(e.path, "config.v2.json")) as ContainerConfig | null;
    const mounts = imageDir === null ? null : joinPath(imageDir, "layerdb/mounts", e.name);
    const mountId = mounts === null ? null : (await readText(tree, joinPath(mounts, "mount-id"), 256))?.trim() || null;
    const initId = mounts === null ? null : (await readText(tree, joinPath(mounts, "init-id"), 256))?.trim() || null;
    const volumes = Object.values(config?.MountPoints ?? {})
      .filter((m) => m?.Type === "volume" || (m?.Driver && m?.Name))
      .map((m) => m.Name!)
      .filter(Boolean);
    containers.push({
      id: e.name,
      name: (config?.Name ?? "").replace(/^\//, ""),
      imageId: config?.Image ?? "",
      imageRef: config?.Config?.Image ?? "",
      running: config?.State?.Running === true,
      volumes: [...new Set(volumes)].sort(),
      mountId,
      initId,
    });
  }
  return containers;
}

/** The shape of `config.v2.json` this view reads. */
interface ContainerConfig {
  Name?: string;
  Image?: string;
  Config?: { Image?: string };
  State?: { Running?: boolean };
  MountPoints?: Record<string, { Name?: string; Type?: string; Driver?: string }>;
}

/** The short form people type: `nginx:latest` for `docker.io/library/nginx:latest`. */
export function familiarRef(ref: string): string {
  return ref.replace(/^docker\.io\/library\//, "").replace(/^docker\.io\//, "");
}

/** The 12-hex short ID Docker prints. */
export function shortId(id: string): string {
  return digestHex(id).slice(0, 12);
}
