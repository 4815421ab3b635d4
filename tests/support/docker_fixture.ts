/**
 * Test support: a real Docker data root written as files in a folder, laid out as Docker writes it
 * (docs/disk-contents.md §2–3): `image/overlay2/repositories.json`, image configs whose IDs are the
 * SHA-256 of their bytes, layerdb with chain IDs, `size`, `cache-id` and `parent`, overlay2 layer
 * directories with `diff/`, `link`, `lower` and `l/` symlinks, a container with json-file logs and a
 * writable layer holding a hard link, volumes, BuildKit's folder and a layer directory owned by no
 * layer (build cache). Chain IDs are computed here on their own (moby layer/layer.go), not with the
 * product's code. The facts it returns (file sizes per layer, IDs) are what tests compute Docker's
 * figures from by hand.
 * @module
 */
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, symlinkSync, linkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Files of each layer: path inside the layer and size in bytes. */
export const LAYER_FILES = {
  base: [["bin/sh", 30_000], ["etc/os-release", 400]],
  web: [["usr/share/nginx/html/index.html", 7_000]],
  apideps: [["app/node_modules/dep.js", 11_000], ["app/node_modules/dep2.js", 2_500]],
  apicode: [["app/server.js", 21_000]],
  tool: [["opt/tool", 9_000]],
} as const satisfies Record<string, readonly (readonly [string, number])[]>;

/** A layer name from {@link LAYER_FILES}. */
export type LayerName = keyof typeof LAYER_FILES;

/** Images: references and layers, base first. `apiparent` is api's untagged build parent (it has a child, so Docker does not list it). */
export const IMAGES = {
  web: { refs: ["web:latest"], layers: ["base", "web"] },
  api: { refs: ["api:1.0", "api@sha256:" + "d".repeat(64)], layers: ["base", "apideps", "apicode"] },
  apiparent: { refs: [], layers: ["base", "apideps"] },
  dangling: { refs: [], layers: ["base", "tool"] },
} as const satisfies Record<string, { refs: readonly string[]; layers: readonly LayerName[] }>;

/** The container's files (its writable layer has `var/cache/b` as a hard link to `var/cache/a`). */
export const CONTAINER = {
  id: "c".repeat(64),
  name: "web-1",
  image: "web",
  rwFiles: [["var/cache/a", 4_000], ["tmp/x", 1_234]],
  hardLink: ["var/cache/a", "var/cache/b"],
  initFiles: [["etc/hosts", 0], ["etc/resolv.conf", 0], [".dockerenv", 0]],
  logs: [["-json.log", 50_000], ["-json.log.1", 20_000]],
  volume: "appdata",
} as const;

/** Volumes: name and the size of the one file in `_data`. */
export const VOLUMES = [["appdata", 64_000], ["a".repeat(64), 3_000]] as const;

/** BuildKit: files in `buildkit/` and the files of the overlay2 directory it owns. */
export const BUILDKIT = {
  files: [["cache.db", 16_384], ["metadata_v2.db", 32_768], ["snapshots.db", 16_384], ["content/blobs/sha256/" + "e".repeat(64), 10_000]],
  unownedDir: "buildkitsnapshot0000000000000001",
  unownedFiles: [["diff/layer.bin", 45_000]],
} as const;

/**
 * containerd image store (namespace `moby`): alpine's manifest and redis's index (one platform
 * present) with their configs and compressed layers, unpacked snapshots keyed by chain ID, a
 * container's writable snapshot, a snapshot owned by nothing (build cache), an unfinished download.
 * The bolt databases naming them (`meta.db`, the snapshotter's `metadata.db`) are real bbolt files
 * made by tests/usage/docker_bolt/make_bolt.go from {@link containerdBoltSpec}.
 */
export const CONTAINERD = {
  layers: { base: [9_000, 20_000], redis1: [2_500, 6_000], redis2: [7_000, 15_000] },
  images: {
    alpine: { name: "docker.io/library/alpine:3.20", layers: ["base"], index: false },
    redis: { name: "docker.io/library/redis:7", layers: ["base", "redis1", "redis2"], index: true },
  },
  /** Snapshot folder number of each layer, then the container's and the build cache's. */
  snapshotIds: { base: 1, redis1: 2, redis2: 3 },
  /** Its folder under Docker's `containers/` keeps config and logs; its writable layer is snapshot 4. */
  container: { id: "d".repeat(64), name: "cache-1", image: "redis:7", snapshotId: 4, bytes: 3_000, logBytes: 12_000 },
  buildCache: { key: "buildkit/1/x0fzmrvzqs0c", snapshotId: 5, bytes: 8_000 },
  ingest: [["ingest/" + "4".repeat(64) + "/data", 5_000]],
  /** A blob no image reaches. */
  orphanBlob: ["1".repeat(64), 1_200],
} as const;

/** A containerd layer name from {@link CONTAINERD}. */
export type ContainerdLayer = keyof typeof CONTAINERD.layers;

interface Blob {
  digest: string;
  bytes: Uint8Array;
  mediaType: string;
}

const sha256hex = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

/** The content store's blobs, built deterministically (their digests are what meta.db names). */
export function containerdBlobs(): { blobs: Blob[]; targets: Record<keyof typeof CONTAINERD.images, Blob>; diffIds: Record<ContainerdLayer, string>; layerBlobs: Record<ContainerdLayer, Blob> } {
  const blob = (bytes: Uint8Array | string, mediaType: string): Blob => {
    const b = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
    return { digest: "sha256:" + sha256hex(b), bytes: b, mediaType };
  };
  const blobs: Blob[] = [];
  const layerBlobs = {} as Record<ContainerdLayer, Blob>;
  const diffIds = {} as Record<ContainerdLayer, string>;
  for (const [name, [compressed]] of Object.entries(CONTAINERD.layers) as [ContainerdLayer, readonly [number, number]][]) {
    layerBlobs[name] = blob(new Uint8Array(compressed).fill(name.length + 0x40), "application/vnd.oci.image.layer.v1.tar+gzip");
    diffIds[name] = "sha256:" + sha256hex("diff:" + name);
    blobs.push(layerBlobs[name]);
  }
  const targets = {} as Record<keyof typeof CONTAINERD.images, Blob>;
  for (const [key, img] of Object.entries(CONTAINERD.images) as [keyof typeof CONTAINERD.images, (typeof CONTAINERD.images)[keyof typeof CONTAINERD.images]][]) {
    const config = blob(JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: img.layers.map((l) => diffIds[l as ContainerdLayer]) } }), "application/vnd.oci.image.config.v1+json");
    const manifest = blob(JSON.stringify({
      schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: config.mediaType, digest: config.digest, size: config.bytes.length },
      layers: img.layers.map((l) => ({ mediaType: layerBlobs[l as ContainerdLayer].mediaType, digest: layerBlobs[l as ContainerdLayer].digest, size: layerBlobs[l as ContainerdLayer].bytes.length })),
    }), "application/vnd.oci.image.manifest.v1+json");
    blobs.push(config, manifest);
    targets[key] = manifest;
    if (img.index) {
      const index = blob(JSON.stringify({
        schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: [
          { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length, platform: { architecture: "amd64", os: "linux" } },
          // Another platform's manifest, not pulled: absent from the content store.
          { mediaType: manifest.mediaType, digest: "sha256:" + "9".repeat(64), size: 1_000, platform: { architecture: "arm64", os: "linux" } },
        ],
      }), "application/vnd.oci.image.index.v1+json");
      blobs.push(index);
      targets[key] = index;
    }
  }
  return { blobs, targets, diffIds, layerBlobs };
}

/** What make_bolt.go writes into meta.db and metadata.db (printed by tests/usage/docker_bolt/spec.ts). */
export function containerdBoltSpec(): Record<string, unknown> {
  const { blobs, targets, diffIds } = containerdBlobs();
  const chain = (layers: readonly string[]) => {
    const out: string[] = [];
    for (const l of layers) {
      const prev = out[out.length - 1];
      out.push(prev === undefined ? diffIds[l as ContainerdLayer] : "sha256:" + sha256hex(`${prev} ${diffIds[l as ContainerdLayer]}`));
    }
    return out;
  };
  const redisChain = chain(CONTAINERD.images.redis.layers);
  const snapshots: { key: string; id: number; parent: string; kind: number }[] = [];
  CONTAINERD.images.redis.layers.forEach((l, i) => snapshots.push({ key: redisChain[i], id: CONTAINERD.snapshotIds[l as ContainerdLayer], parent: redisChain[i - 1] ?? "", kind: 3 }));
  snapshots.push({ key: CONTAINERD.container.id, id: CONTAINERD.container.snapshotId, parent: redisChain[redisChain.length - 1], kind: 2 });
  snapshots.push({ key: CONTAINERD.buildCache.key, id: CONTAINERD.buildCache.snapshotId, parent: redisChain[0], kind: 3 });
  return {
    namespace: "moby",
    snapshotter: "overlayfs",
    images: Object.entries(CONTAINERD.images).map(([key, img]) => {
      const t = targets[key as keyof typeof CONTAINERD.images];
      return { name: img.name, digest: t.digest, mediaType: t.mediaType, size: t.bytes.length };
    }),
    containers: [{ id: CONTAINERD.container.id, image: CONTAINERD.images.redis.name, snapshotKey: CONTAINERD.container.id }],
    snapshots,
    blobs: blobs.map((b) => ({ digest: b.digest, size: b.bytes.length })),
  };
}

/** What the fixture wrote, for hand computation. */
export interface DockerFixtureFacts {
  /** The Docker root's path inside the tree (`/data/docker` or `/var/lib/docker`). */
  rootInTree: string;
  /** containerd root inside the tree, when one was written. */
  containerdInTree: string | null;
  imageIds: Record<keyof typeof IMAGES, string>;
  chainIds: Record<keyof typeof IMAGES, string[]>;
  /** cache-id of each layer's directory, by layer name. */
  cacheIds: Record<LayerName, string>;
  mountId: string;
}

/** Where to put the root: Docker Desktop's data disk (`/data/docker` + containerd) or a distro's `/var/lib/docker`. */
export type FixtureLayout = "docker-desktop" | "engine";

/** Layer size as Docker's layerdb `size` records it: the sum of its files' sizes (moby pkg/directory). */
export function layerBytes(name: LayerName): number {
  return LAYER_FILES[name].reduce((s, [, n]) => s + n, 0);
}

/** Writes the fixture under `dir` (the tree's "/"); `engineRoot` moves an engine's data root there. */
export function buildDockerFixture(dir: string, layout: FixtureLayout = "docker-desktop", engineRoot = "/var/lib/docker"): DockerFixtureFacts {
  const rootInTree = layout === "docker-desktop" ? "/data/docker" : engineRoot;
  const root = join(dir, rootInTree);
  const file = (path: string, bytes: number | string, fill = 0x61) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof bytes === "string" ? bytes : Buffer.alloc(bytes, fill));
  };
  const sha = (s: string) => createHash("sha256").update(s).digest("hex");
  const imageDir = join(root, "image/overlay2");

  const diffIds = Object.fromEntries(Object.keys(LAYER_FILES).map((n) => [n, "sha256:" + sha("layer:" + n)])) as Record<LayerName, string>;
  const cacheIds = Object.fromEntries(Object.keys(LAYER_FILES).map((n) => [n, sha("cache:" + n)])) as Record<LayerName, string>;
  const shortLinks = Object.fromEntries(Object.keys(LAYER_FILES).map((n) => [n, sha("link:" + n).slice(0, 26).toUpperCase()])) as Record<LayerName, string>;

  // Layer directories (one per diff; every image here stacks a layer on the same parent, so one dir per layer).
  for (const [name, files] of Object.entries(LAYER_FILES) as [LayerName, readonly (readonly [string, number])[]][]) {
    const ld = join(root, "overlay2", cacheIds[name]);
    for (const [p, n] of files) file(join(ld, "diff", p), n, 0x62);
    mkdirSync(join(ld, "work"), { recursive: true });
    file(join(ld, "link"), shortLinks[name]);
    mkdirSync(join(root, "overlay2/l"), { recursive: true });
    symlinkSync(`../${cacheIds[name]}/diff`, join(root, "overlay2/l", shortLinks[name]));
  }

  const chainIds = {} as Record<keyof typeof IMAGES, string[]>;
  const imageIds = {} as Record<keyof typeof IMAGES, string>;
  for (const [key, img] of Object.entries(IMAGES) as [keyof typeof IMAGES, (typeof IMAGES)[keyof typeof IMAGES]][]) {
    const chain: string[] = [];
    for (const layer of img.layers) {
      const prev = chain[chain.length - 1];
      const id = prev === undefined ? diffIds[layer] : "sha256:" + sha(`${prev} ${diffIds[layer]}`);
      chain.push(id);
      const ldb = join(imageDir, "layerdb/sha256", id.slice(7));
      file(join(ldb, "diff"), diffIds[layer]);
      file(join(ldb, "size"), String(layerBytes(layer)));
      file(join(ldb, "cache-id"), cacheIds[layer]);
      file(join(ldb, "tar-split.json.gz"), 120);
      if (prev) file(join(ldb, "parent"), prev);
    }
    chainIds[key] = chain;
    const config = JSON.stringify({
      architecture: "amd64", os: "linux", created: "2026-01-0" + (Object.keys(imageIds).length + 1) + "T00:00:00Z",
      config: { Cmd: ["/bin/sh"] }, rootfs: { type: "layers", diff_ids: img.layers.map((l) => diffIds[l]) },
    });
    imageIds[key] = "sha256:" + sha(config);
    file(join(imageDir, "imagedb/content/sha256", imageIds[key].slice(7)), config);
  }
  file(join(imageDir, "imagedb/metadata/sha256", imageIds.api.slice(7), "parent"), imageIds.apiparent);
  const repositories: Record<string, Record<string, string>> = {};
  for (const [key, img] of Object.entries(IMAGES) as [keyof typeof IMAGES, (typeof IMAGES)[keyof typeof IMAGES]][]) {
    for (const ref of img.refs) {
      const repo = ref.split(/[:@]/)[0];
      (repositories[repo] ??= {})[ref] = imageIds[key];
    }
  }
  file(join(imageDir, "repositories.json"), JSON.stringify({ Repositories: repositories }));

  // The container: layerdb mount, writable and init layer dirs, config and logs.
  const mountId = sha("mount:" + CONTAINER.id);
  const mounts = join(imageDir, "layerdb/mounts", CONTAINER.id);
  file(join(mounts, "mount-id"), mountId);
  file(join(mounts, "init-id"), mountId + "-init");
  file(join(mounts, "parent"), chainIds.web[chainIds.web.length - 1]);
  const rw = join(root, "overlay2", mountId);
  for (const [p, n] of CONTAINER.rwFiles) file(join(rw, "diff", p), n, 0x63);
  linkSync(join(rw, "diff", CONTAINER.hardLink[0]), join(rw, "diff", CONTAINER.hardLink[1]));
  file(join(rw, "link"), "RWLINK000000000000000000RW");
  file(join(rw, "lower"), `l/${shortLinks.web}:l/${shortLinks.base}`);
  mkdirSync(join(rw, "work/work"), { recursive: true });
  mkdirSync(join(rw, "merged"), { recursive: true });
  for (const [p, n] of CONTAINER.initFiles) file(join(root, "overlay2", mountId + "-init", "diff", p), n);
  const cdir = join(root, "containers", CONTAINER.id);
  file(join(cdir, "config.v2.json"), JSON.stringify({
    ID: CONTAINER.id, Name: "/" + CONTAINER.name, Image: imageIds.web, Driver: "overlay2",
    Config: { Image: CONTAINER.image }, State: { Running: false, ExitCode: 0 },
    MountPoints: { "/srv": { Source: "", Destination: "/srv", RW: true, Name: CONTAINER.volume, Driver: "local", Type: "volume" } },
  }));
  file(join(cdir, "hostconfig.json"), JSON.stringify({ LogConfig: { Type: "json-file", Config: {} } }));
  for (const [suffix, n] of CONTAINER.logs) file(join(cdir, CONTAINER.id + suffix), n, 0x7b);

  for (const [name, n] of VOLUMES) file(join(root, "volumes", name, "_data", "data.bin"), n, 0x64);
  file(join(root, "volumes/metadata.db"), 32_768, 0);
  for (const [p, n] of BUILDKIT.files) file(join(root, "buildkit", p), n, 0);
  for (const [p, n] of BUILDKIT.unownedFiles) file(join(root, "overlay2", BUILDKIT.unownedDir, p), n, 0x65);
  mkdirSync(join(root, "network/files"), { recursive: true });
  file(join(root, "network/files/local-kv.db"), 32_768, 0);

  let containerdInTree: string | null = null;
  if (layout === "docker-desktop") {
    containerdInTree = "/data/desktop-containerd/daemon";
    const cd = join(dir, containerdInTree);
    const content = join(cd, "io.containerd.content.v1.content");
    for (const b of containerdBlobs().blobs) {
      mkdirSync(join(content, "blobs/sha256"), { recursive: true });
      writeFileSync(join(content, "blobs/sha256", b.digest.slice(7)), b.bytes);
    }
    for (const [p, n] of CONTAINERD.ingest) file(join(content, p), n, 0x67);
    file(join(content, "blobs/sha256", CONTAINERD.orphanBlob[0]), CONTAINERD.orphanBlob[1], 0x66);
    const ccd = join(root, "containers", CONTAINERD.container.id);
    file(join(ccd, "config.v2.json"), JSON.stringify({
      ID: CONTAINERD.container.id, Name: "/" + CONTAINERD.container.name, Image: containerdBlobs().targets.redis.digest,
      Driver: "overlayfs", Config: { Image: CONTAINERD.container.image }, State: { Running: true },
    }));
    file(join(ccd, CONTAINERD.container.id + "-json.log"), CONTAINERD.container.logBytes, 0x7b);
    const snaps = join(cd, "io.containerd.snapshotter.v1.overlayfs/snapshots");
    for (const [l, [, n]] of Object.entries(CONTAINERD.layers)) file(join(snaps, String(CONTAINERD.snapshotIds[l as ContainerdLayer]), "fs/data.bin"), n, 0x68);
    file(join(snaps, String(CONTAINERD.container.snapshotId), "fs/tmp/scratch"), CONTAINERD.container.bytes, 0x69);
    mkdirSync(join(snaps, String(CONTAINERD.container.snapshotId), "work"), { recursive: true });
    file(join(snaps, String(CONTAINERD.buildCache.snapshotId), "fs/build.bin"), CONTAINERD.buildCache.bytes, 0x6a);
    const bolt = join(dirname(fileURLToPath(import.meta.url)), "../usage/docker_bolt");
    mkdirSync(join(cd, "io.containerd.metadata.v1.bolt"), { recursive: true });
    copyFileSync(join(bolt, "meta.db"), join(cd, "io.containerd.metadata.v1.bolt/meta.db"));
    copyFileSync(join(bolt, "metadata.db"), join(cd, "io.containerd.snapshotter.v1.overlayfs/metadata.db"));
    file(join(dir, "isocache/entries/docker-wsl-cli.iso"), 8_192, 0);
  }
  return { rootInTree, containerdInTree, imageIds, chainIds, cacheIds, mountId };
}
