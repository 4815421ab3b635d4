/**
 * The Docker view as a JSON document for `usage --json`: exact byte counts, the same figures the
 * text shows, long chain ID lists left out. Field names follow the Engine API where one exists
 * (`size`, `sharedSize`, `containers`, `sizeRw`).
 * @module
 */
import type { ClassicStoreUsage } from "./classic_store.ts";
import type { ContainerdStoreUsage } from "./containerd_store.ts";
import type { DirUsage } from "./du.ts";
import type { DockerUsage } from "./scan_docker.ts";

/** Bytes of a subtree as the JSON shows them. */
export interface BytesJson {
  allocatedBytes: number;
  apparentBytes: number;
}

/** A subtree's bytes. */
export function bytesJson(u: DirUsage): BytesJson {
  return { allocatedBytes: u.allocatedBytes, apparentBytes: u.apparentBytes };
}

/**
 * The Docker view as plain JSON data.
 * @example
 * const doc = { ...usageDoc, docker: docker ? dockerUsageJson(docker) : null };
 */
export function dockerUsageJson(docker: DockerUsage): Record<string, unknown> {
  return {
    ...bytesJson(docker.total),
    stores: [...docker.classic.map(classicJson), ...docker.containerd.map(containerdJson)],
  };
}

function classicJson(s: ClassicStoreUsage): Record<string, unknown> {
  return {
    kind: "classic",
    path: s.root.path,
    runtimePath: s.root.runtimePath,
    layout: s.root.layout,
    drivers: s.drivers,
    ...bytesJson(s.total),
    imagesTotal: s.imagesTotal,
    images: s.images.map((i) => ({
      name: i.name, id: i.id, refs: i.refs, created: i.created,
      size: i.size, sharedSize: i.sharedSize, uniqueSize: i.uniqueSize, containers: i.containers,
      allocatedBytes: i.allocatedBytes, uniqueAllocatedBytes: i.uniqueAllocatedBytes,
      ...(i.missingLayers.length > 0 ? { missingLayers: i.missingLayers } : {}),
    })),
    containers: s.containers.map((c) => ({
      id: c.id, name: c.name, image: c.image, imageId: c.imageId, running: c.running,
      sizeRw: c.sizeRw, writableAllocatedBytes: c.writableAllocatedBytes,
      logAllocatedBytes: c.logAllocatedBytes, logs: c.logs, volumes: c.volumes,
    })),
    volumes: s.volumes,
    buildCache: {
      ...bytesJson(s.buildCache.total),
      buildkit: bytesJson(s.buildCache.buildkit),
      unownedDirs: s.buildCache.unownedDirs.map((d) => ({ name: d.name, ...bytesJson(d.usage) })),
    },
    unreferencedLayers: s.unreferencedLayers,
    other: bytesJson(s.other),
    notes: s.notes,
  };
}

function containerdJson(s: ContainerdStoreUsage): Record<string, unknown> {
  return {
    kind: "containerd",
    path: s.root.path,
    runtimePath: s.root.runtimePath,
    layout: s.root.layout,
    ...bytesJson(s.total),
    blobs: { count: s.blobs.count, ...bytesJson(s.blobs.usage) },
    ingest: bytesJson(s.ingest),
    snapshots: s.snapshots.map((x) => ({ snapshotter: x.snapshotter, id: x.id, ...bytesJson(x.usage) })),
    snapshotsTotal: bytesJson(s.snapshotsTotal),
    other: bytesJson(s.other),
    namesRead: s.namesRead,
    images: s.images,
    containers: s.containers,
    unownedSnapshots: s.unownedSnapshots.map((x) => ({ id: x.id, key: x.key, ...bytesJson(x.usage) })),
    unreferencedBlobs: s.unreferencedBlobs,
    notes: s.notes,
  };
}
