/**
 * A containerd root (Docker Desktop's image store since 4.34, Docker Engine's with the containerd
 * image store) measured: compressed blobs in the content store, partial downloads, unpacked
 * snapshots [docs/disk-contents.md §3]. Image names, and which snapshot belongs to which image or
 * container, live in bolt databases (`meta.db`, the snapshotter's `metadata.db`) that this version
 * does not read: they are reported as not read, never guessed.
 * @module
 */
import { du, type DirUsage, type DuOptions, EMPTY_USAGE, sumUsage } from "./du.ts";
import { CONTAINERD_MARKER, type ContainerdRootLocation } from "./locate.ts";
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
  /** False: names and owners need `meta.db`, which is not read. */
  namesRead: boolean;
  notes: string[];
}

/** Measures a containerd root. */
export async function scanContainerdStore(tree: DockerTree, root: ContainerdRootLocation, sizing: DuOptions = {}): Promise<ContainerdStoreUsage> {
  const self = await tree.stat(root.path);
  const parts: DirUsage[] = self ? [{ ...EMPTY_USAGE, apparentBytes: self.apparentBytes, allocatedBytes: self.allocatedBytes, dirs: 1 }] : [];
  const otherParts: DirUsage[] = [];
  let blobs = { count: 0, usage: { ...EMPTY_USAGE } as DirUsage };
  let ingest: DirUsage = { ...EMPTY_USAGE };
  const snapshots: SnapshotUsage[] = [];

  for (const top of await listDir(tree, root.path)) {
    if (top.name === CONTENT_DIR && isDirectory(top)) {
      for (const e of await listDir(tree, top.path)) {
        const u = await du(tree, e.path, sizing);
        if (e.name === "blobs") blobs = { count: u.files, usage: u };
        else if (e.name === "ingest") ingest = u;
        else otherParts.push(u);
        parts.push(u);
      }
      parts.push(selfOnly(top));
    } else if (top.name.startsWith(SNAPSHOTTER_PREFIX) && isDirectory(top)) {
      const snapshotter = top.name.slice(SNAPSHOTTER_PREFIX.length);
      for (const e of await listDir(tree, top.path)) {
        if (e.name === "snapshots" && isDirectory(e)) {
          parts.push(selfOnly(e));
          for (const s of await listDir(tree, e.path)) {
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
      parts.push(selfOnly(top));
    } else {
      const u = await du(tree, top.path, sizing);
      otherParts.push(u);
      parts.push(u);
    }
  }
  snapshots.sort((a, b) => b.usage.allocatedBytes - a.usage.allocatedBytes || Number(a.id) - Number(b.id));
  const hasMeta = (await tree.stat(joinPath(root.path, CONTAINERD_MARKER))) !== null;
  const notes = [
    hasMeta
      ? "image names and which snapshot belongs to which image or container are in meta.db (a bbolt database), which this version does not read offline: blobs and snapshots are sized, not named"
      : "no meta.db: this containerd root has no metadata, so its blobs and snapshots cannot be named",
  ];
  return {
    root,
    blobs,
    ingest,
    snapshots,
    snapshotsTotal: sumUsage(snapshots.map((s) => s.usage)),
    other: sumUsage(otherParts),
    total: sumUsage(parts),
    namesRead: false,
    notes,
  };
}

function selfOnly(e: { apparentBytes: number; allocatedBytes: number }): DirUsage {
  return { ...EMPTY_USAGE, apparentBytes: e.apparentBytes, allocatedBytes: e.allocatedBytes, dirs: 1 };
}
