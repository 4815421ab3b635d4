/**
 * A containerd root (Docker Desktop's image store since 4.34, Docker Engine's with the containerd
 * image store) measured: compressed blobs in the content store, partial downloads, unpacked
 * snapshots [docs/disk-contents.md §3]. Images, containers and which snapshot belongs to which are
 * named from the bolt databases (containerd_names.ts); when those cannot be read, the store is
 * sized and the reason said, never guessed. Per image: CONTENT (its blobs) and UNPACKED (its
 * snapshots) in allocated bytes; SHARED is the blobs and snapshots two or more images use (computed
 * from snapshot chains: Docker's own shared figure is wrong for this store [moby/moby#52476]).
 * @module
 */
import { familiarRef } from "./classic_metadata.ts";
import { type ContainerdNames, readContainerdNames } from "./containerd_names.ts";
import { digestHex } from "./chain_id.ts";
import { du, type DirUsage, type DuOptions, EMPTY_USAGE, ownUsage, sumUsage } from "./du.ts";
import { type ContainerdRootLocation } from "./docker_roots.ts";
import { type DockerTree, isDirectory, joinPath, listDir } from "./tree.ts";

/** Content store folder [containerd/containerd: plugins/content/local/store.go]. */
export const CONTENT_DIR = "io.containerd.content.v1.content";
/** Snapshotter folders start with this; `overlayfs` is Docker's default. */
export const SNAPSHOTTER_PREFIX = "io.containerd.snapshotter.v1.";

/** One unpacked snapshot (`<snapshotter>/snapshots/<n>/`). */
export interface SnapshotUsage {
  snapshotter: string;
  /** The snapshotter's numeric ID (the folder name). */
  id: string;
  usage: DirUsage;
}

/** An image of the containerd store (bytes are allocated blocks). */
export interface ContainerdImageUsage {
  /** Short name (`redis:7`); untagged ones keep `moby-dangling@sha256:…`. */
  name: string;
  /** Full reference as stored. */
  ref: string;
  digest: string;
  /** Its blobs: index, manifests, config, compressed layers. */
  contentBytes: number;
  /** Its unpacked layer snapshots. */
  unpackedBytes: number;
  /** contentBytes + unpackedBytes. */
  size: number;
  /** Blobs and snapshots two or more images use. */
  sharedSize: number;
  uniqueSize: number;
  /** Containers created from it. */
  containers: number;
  /** Layers of its config that have no snapshot here (not unpacked). */
  missingSnapshots: number;
}

/** A container of the containerd store. */
export interface ContainerdContainerUsage {
  id: string;
  image: string;
  snapshotId: string | null;
  /** Blocks of its writable snapshot. */
  writableAllocatedBytes: number;
}

/** One containerd root. */
export interface ContainerdStoreUsage {
  root: ContainerdRootLocation;
  /** `blobs/sha256/*`: compressed layers, manifests and configs, each digest once. */
  blobs: { count: number; usage: DirUsage };
  /** `ingest/`: downloads that did not finish. */
  ingest: DirUsage;
  /** Unpacked layers and containers' writable layers, largest first. */
  snapshots: SnapshotUsage[];
  snapshotsTotal: DirUsage;
  /** The rest of the root (bolt databases, tmpmounts, other plugins). */
  other: DirUsage;
  total: DirUsage;
  /** True when meta.db was read and the figures below are named. */
  namesRead: boolean;
  images: ContainerdImageUsage[];
  containers: ContainerdContainerUsage[];
  /** Snapshots no image or container owns (build cache, leases, leftovers), with their keys where known. */
  unownedSnapshots: { id: string; key: string | null; usage: DirUsage }[];
  /** Blobs no image reaches (build cache content, leftovers). */
  unreferencedBlobs: { count: number; allocatedBytes: number };
  notes: string[];
}

/** Measures a containerd root. */
export async function scanContainerdStore(tree: DockerTree, root: ContainerdRootLocation, options: DuOptions = {}): Promise<ContainerdStoreUsage> {
  const unreadable: string[] = [];
  const sizing: DuOptions = { ...options, onUnreadable: (path) => void unreadable.push(path) };
  const self = await tree.stat(root.path);
  const parts: DirUsage[] = self ? [ownUsage(self)] : [];
  const otherParts: DirUsage[] = [];
  let blobs = { count: 0, usage: { ...EMPTY_USAGE } as DirUsage };
  let ingest: DirUsage = { ...EMPTY_USAGE };
  const snapshots: SnapshotUsage[] = [];
  const blobSizes = new Map<string, number>();

  for (const top of await listDir(tree, root.path, sizing.onUnreadable)) {
    if (top.name === CONTENT_DIR && isDirectory(top)) {
      for (const e of await listDir(tree, top.path, sizing.onUnreadable)) {
        const u = e.name === "blobs" ? await measureBlobs(tree, e.path, blobSizes, sizing) : await du(tree, e.path, sizing);
        if (e.name === "blobs") blobs = { count: u.files, usage: u };
        else if (e.name === "ingest") ingest = u;
        else otherParts.push(u);
        parts.push(u);
      }
      parts.push(ownUsage(top));
    } else if (top.name.startsWith(SNAPSHOTTER_PREFIX) && isDirectory(top)) {
      const snapshotter = top.name.slice(SNAPSHOTTER_PREFIX.length);
      for (const e of await listDir(tree, top.path, sizing.onUnreadable)) {
        if (e.name === "snapshots" && isDirectory(e)) {
          parts.push(ownUsage(e));
          for (const s of await listDir(tree, e.path, sizing.onUnreadable)) {
            const usage = await du(tree, s.path, sizing);
            snapshots.push({ snapshotter, id: s.name, usage });
            parts.push(usage);
          }
        } else {
          const u = await du(tree, e.path, sizing);
          otherParts.push(u);
          parts.push(u);
        }
      }
      parts.push(ownUsage(top));
    } else {
      const u = await du(tree, top.path, sizing);
      otherParts.push(u);
      parts.push(u);
    }
  }
  snapshots.sort((a, b) => b.usage.allocatedBytes - a.usage.allocatedBytes || Number(a.id) - Number(b.id));
  const names = await readContainerdNames(tree, root.path);
  const named = typeof names === "string" ? null : nameFigures(names, blobSizes, snapshots);
  const notes = typeof names === "string" ? [`images and snapshot owners not named: ${names}; blobs and snapshots are sized only`] : [];
  if (unreadable.length > 0) notes.push(`${unreadable.length} folder(s) could not be read (${unreadable[0]}${unreadable.length > 1 ? ", …" : ""}); what they hold is not counted`);
  return {
    root,
    blobs,
    ingest,
    snapshots,
    snapshotsTotal: sumUsage(snapshots.map((s) => s.usage)),
    other: sumUsage(otherParts),
    total: sumUsage(parts),
    namesRead: named !== null,
    images: named?.images ?? [],
    containers: named?.containers ?? [],
    unownedSnapshots: named?.unownedSnapshots ?? [],
    unreferencedBlobs: named?.unreferencedBlobs ?? { count: 0, allocatedBytes: 0 },
    notes,
  };
}


/** Sizes every blob (one listing of `blobs/sha256`), recording each blob's blocks by digest hex. */
async function measureBlobs(tree: DockerTree, path: string, sizes: Map<string, number>, sizing: DuOptions): Promise<DirUsage> {
  const parts: DirUsage[] = [];
  const self = await tree.stat(path);
  if (self) parts.push(ownUsage(self));
  for (const algo of await listDir(tree, path, sizing.onUnreadable)) {
    if (!isDirectory(algo)) {
      parts.push(await du(tree, algo.path, sizing));
      continue;
    }
    parts.push(ownUsage(algo));
    for (const b of await listDir(tree, algo.path, sizing.onUnreadable)) {
      const u = await du(tree, b.path, sizing);
      if (algo.name === "sha256") sizes.set(b.name, u.allocatedBytes);
      parts.push(u);
    }
  }
  return sumUsage(parts);
}

/** Figures per image and container from the names and the measured blobs and snapshots. */
function nameFigures(names: ContainerdNames, blobSizes: ReadonlyMap<string, number>, snapshots: readonly SnapshotUsage[]) {
  const snapshotBytes = new Map(snapshots.filter((s) => s.snapshotter === "overlayfs").map((s) => [s.id, s.usage]));
  const blobRefs = new Map<string, number>();
  const snapRefs = new Map<string, number>();
  for (const img of names.images) {
    for (const b of new Set(img.blobs)) blobRefs.set(b, (blobRefs.get(b) ?? 0) + 1);
    for (const s of new Set(img.snapshotIds)) snapRefs.set(s, (snapRefs.get(s) ?? 0) + 1);
  }
  const blobOf = (d: string) => blobSizes.get(digestHex(d)) ?? 0;
  const snapOf = (id: string) => snapshotBytes.get(id)?.allocatedBytes ?? 0;
  const images: ContainerdImageUsage[] = names.images.map((img) => {
    const contentBytes = img.blobs.reduce((n, b) => n + blobOf(b), 0);
    const unpackedBytes = img.snapshotIds.reduce((n, s) => n + snapOf(s), 0);
    const sharedSize = img.blobs.filter((b) => (blobRefs.get(b) ?? 0) > 1).reduce((n, b) => n + blobOf(b), 0) +
      img.snapshotIds.filter((s) => (snapRefs.get(s) ?? 0) > 1).reduce((n, s) => n + snapOf(s), 0);
    const size = contentBytes + unpackedBytes;
    return {
      name: img.name.startsWith("moby-dangling@") ? img.name : familiarRef(img.name),
      ref: img.name,
      digest: img.digest,
      contentBytes,
      unpackedBytes,
      size,
      sharedSize,
      uniqueSize: size - sharedSize,
      containers: names.containers.filter((c) => c.image === img.name).length,
      missingSnapshots: img.missingSnapshots,
    };
  }).sort((a, b) => b.size - a.size || a.name.localeCompare(b.name));
  const containers: ContainerdContainerUsage[] = names.containers.map((c) => ({
    id: c.id,
    image: familiarRef(c.image),
    snapshotId: c.snapshotId,
    writableAllocatedBytes: c.snapshotId === null ? 0 : snapOf(c.snapshotId),
  }));
  const owned = new Set([...snapRefs.keys(), ...names.containers.map((c) => c.snapshotId).filter((s): s is string => s !== null)]);
  const unownedSnapshots = snapshots.filter((s) => s.snapshotter === "overlayfs" && !owned.has(s.id))
    .map((s) => ({ id: s.id, key: names.snapshotKeys.get(s.id) ?? null, usage: s.usage }));
  const unreferenced = [...blobSizes].filter(([hex]) => !blobRefs.has("sha256:" + hex));
  return {
    images,
    containers,
    unownedSnapshots,
    unreferencedBlobs: { count: unreferenced.length, allocatedBytes: unreferenced.reduce((n, [, b]) => n + b, 0) },
  };
}
