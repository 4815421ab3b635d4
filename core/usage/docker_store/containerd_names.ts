/**
 * Names for the containerd store, read offline from its bolt databases [docs/disk-contents.md §3;
 * containerd core/metadata/buckets.go, core/snapshots/storage/bolt.go]: images
 * (`v1/moby/images/<name>/target`), their manifests and configs from the content store, the
 * snapshots of their layer chains (`v1/moby/snapshots/<snapshotter>/<chain ID>/name` → the
 * snapshotter's `v1/snapshots/<name>/id` → `snapshots/<id>/`), and containers' writable snapshots.
 * @module
 */
import { BoltFormatError, type BoltBucket, openBolt, uvarint } from "./bbolt.ts";
import { chainIds, digestHex } from "./chain_id.ts";
import { type DockerTree, joinPath, readJson } from "./tree.ts";

/** Docker's containerd namespace [moby/moby daemon/config/config.go]. */
export const MOBY_NAMESPACE = "moby";
/** Largest bolt database loaded into memory. */
export const MAX_BOLT_BYTES = 64 * 1024 * 1024;

/** What the bolt databases and the content store say about one image. */
export interface ContainerdImageRecord {
  /** Full reference, e.g. `docker.io/library/redis:7` (untagged: `moby-dangling@sha256:…`). */
  name: string;
  /** Digest of its target (index or manifest). */
  digest: string;
  mediaType: string;
  /** Digests of its blobs present in the content store (target, manifests, configs, layers). */
  blobs: string[];
  /** Snapshot folder IDs of its unpacked layers, base first. */
  snapshotIds: string[];
  /** Chain IDs with no snapshot on this disk (not unpacked, or another platform). */
  missingSnapshots: number;
}

/** A container's writable snapshot. */
export interface ContainerdContainerRecord {
  id: string;
  image: string;
  /** Snapshot folder ID, or null when not found. */
  snapshotId: string | null;
}

/** Everything the databases name. */
export interface ContainerdNames {
  images: ContainerdImageRecord[];
  containers: ContainerdContainerRecord[];
  /** Folder ID → snapshot key, for every snapshot the metadata knows. */
  snapshotKeys: Map<string, string>;
}

/**
 * Reads the names; a string says plainly why they could not be read (no database, too large,
 * not a bbolt file this reader understands).
 */
export async function readContainerdNames(tree: DockerTree, root: string, snapshotter = "overlayfs"): Promise<ContainerdNames | string> {
  const metaPath = joinPath(root, "io.containerd.metadata.v1.bolt/meta.db");
  const snapPath = joinPath(root, `io.containerd.snapshotter.v1.${snapshotter}/metadata.db`);
  const meta = await loadBolt(tree, metaPath);
  if (typeof meta === "string") return meta;
  const snaps = await loadBolt(tree, snapPath);
  try {
    const ns = meta.path("v1", MOBY_NAMESPACE);
    if (!ns) return `meta.db has no "${MOBY_NAMESPACE}" namespace: this containerd store is not Docker's`;
    const backendIds = new Map<string, string>();
    if (typeof snaps !== "string") {
      const all = snaps.path("v1", "snapshots");
      for (const name of all?.bucketNames() ?? []) {
        const id = uvarint(all!.bucket(name)!.get("id"));
        if (id !== null) backendIds.set(name, String(id));
      }
    }
    const byKey = new Map<string, string>();
    const keys = ns.path("snapshots", snapshotter);
    for (const key of keys?.bucketNames() ?? []) {
      const backend = keys!.bucket(key)!.getText("name");
      const id = backend === null ? undefined : backendIds.get(backend);
      if (id !== undefined) byKey.set(key, id);
    }
    const images: ContainerdImageRecord[] = [];
    const imagesBucket = ns.bucket("images");
    for (const name of imagesBucket?.bucketNames() ?? []) {
      const target = imagesBucket!.path(name, "target");
      const digest = target?.getText("digest");
      if (!target || !digest) continue;
      images.push(await imageRecord(tree, root, name, digest, target.getText("mediatype") ?? "", byKey));
    }
    const containers: ContainerdContainerRecord[] = [];
    const cs = ns.bucket("containers");
    for (const id of cs?.bucketNames() ?? []) {
      const c = cs!.bucket(id)!;
      const key = c.getText("snapshotKey");
      containers.push({ id, image: c.getText("image") ?? "", snapshotId: key === null ? null : byKey.get(key) ?? null });
    }
    return { images, containers, snapshotKeys: new Map([...byKey].map(([k, id]) => [id, k])) };
  } catch (e) {
    if (e instanceof BoltFormatError) return `meta.db could not be read (${e.message})`;
    throw e;
  }
}

async function loadBolt(tree: DockerTree, path: string): Promise<BoltBucket | string> {
  const entry = await tree.stat(path);
  if (entry === null || entry.type !== "file") return `no ${path.split("/").pop()} in this containerd root`;
  if (entry.apparentBytes > MAX_BOLT_BYTES) return `${path.split("/").pop()} is larger than the ${MAX_BOLT_BYTES / 2 ** 20} MiB this reader loads`;
  try {
    return openBolt(await tree.readFile(path, MAX_BOLT_BYTES)).root;
  } catch (e) {
    if (e instanceof BoltFormatError) return `${path.split("/").pop()} could not be read (${e.message})`;
    throw e;
  }
}

interface Descriptor {
  mediaType?: string;
  digest?: string;
}

/** Follows an image's target through index → manifests → config and layers, as far as blobs are present. */
async function imageRecord(tree: DockerTree, root: string, name: string, digest: string, mediaType: string, byKey: ReadonlyMap<string, string>): Promise<ContainerdImageRecord> {
  const blobs = new Set<string>();
  const snapshotIds: string[] = [];
  let missingSnapshots = 0;
  const blobPath = (d: string) => joinPath(root, "io.containerd.content.v1.content/blobs/sha256", digestHex(d));
  const present = async (d: string) => (await tree.stat(blobPath(d))) !== null;
  const pending: string[] = [digest];
  // Bounded: an index lists manifests, a manifest its config and layers; nothing nests deeper.
  for (let steps = 0; pending.length > 0 && steps < 256; steps++) {
    const d = pending.shift()!;
    if (blobs.has(d) || !(await present(d))) continue;
    blobs.add(d);
    const doc = await readJson(tree, blobPath(d)) as { manifests?: Descriptor[]; config?: Descriptor; layers?: Descriptor[]; rootfs?: { diff_ids?: string[] } } | null;
    if (!doc) continue;
    for (const m of doc.manifests ?? []) if (m.digest) pending.push(m.digest);
    if (doc.config?.digest && await present(doc.config.digest)) {
      blobs.add(doc.config.digest);
      const config = await readJson(tree, blobPath(doc.config.digest)) as { rootfs?: { diff_ids?: unknown } } | null;
      const diffIds = Array.isArray(config?.rootfs?.diff_ids) ? config!.rootfs!.diff_ids.filter((x): x is string => typeof x === "string") : [];
      for (const c of chainIds(diffIds)) {
        const id = byKey.get(c);
        if (id === undefined) missingSnapshots++;
        else if (!snapshotIds.includes(id)) snapshotIds.push(id);
      }
    }
    for (const l of doc.layers ?? []) if (l.digest && await present(l.digest)) blobs.add(l.digest);
  }
  return { name, digest, mediaType, blobs: [...blobs], snapshotIds, missingSnapshots };
}
