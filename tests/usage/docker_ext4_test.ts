// The Docker view read from the ext4 inside a real VHDX: the fixture folder packed with `mke2fs -d`
// (4 KiB blocks), converted with `qemu-img`, read through openDiskTree. Docker's figures are the
// same hand-computed numbers as on the local folder; allocated bytes are worked out by hand from
// 4 KiB blocks (a file of n bytes holds ceil(n / 4096) blocks; a small directory holds one).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { mkdirSync } from "node:fs";
import { buildDockerFixture, type DockerFixtureFacts } from "../support/docker_fixture.ts";
import { debugfs, makeExt4Image, mustRun, toVhdx, withTempDir } from "../support/tools.ts";
import { openBlockFile } from "../../core/io/block_file.ts";
import { openDiskTree } from "../../core/usage/disk_tree.ts";
import { scanDocker, type DockerUsage } from "../../core/usage/docker_store/scan_docker.ts";

const BLOCK = 4096;
const blocks = (n: number) => Math.ceil(n / BLOCK) * BLOCK;
const BASE = 30_400, WEB = 7_000, APIDEPS = 13_500, APICODE = 21_000, TOOL = 9_000;

/** Packs the fixture, optionally with extra mke2fs options and debugfs commands (damage), and scans it. */
async function scanPackedFixture(fn: (docker: DockerUsage, facts: DockerFixtureFacts) => void, damage?: { mkfs: string[]; debugfs: (facts: DockerFixtureFacts) => string[] }): Promise<void> {
  await withTempDir(async (dir) => {
    const src = join(dir, "root");
    mkdirSync(src);
    const facts = buildDockerFixture(src);
    const raw = join(dir, "disk.raw");
    const vhdx = join(dir, "docker_data.vhdx");
    makeExt4Image(raw, { size: "32M", populateFrom: src, mkfsArgs: ["-b", String(BLOCK), ...(damage?.mkfs ?? [])] });
    if (damage) debugfs(raw, damage.debugfs(facts));
    else mustRun("e2fsck", ["-fn", raw]);
    toVhdx(raw, vhdx);
    const tree = await openDiskTree({ fs: { open: (p, mode) => openBlockFile(p, mode) } }, vhdx);
    try {
      fn((await scanDocker(tree))!, facts);
    } finally {
      await tree.close();
    }
  });
}

test("inside a VHDX, images have Docker's SIZE, SHARED SIZE and UNIQUE SIZE, and the Images line its total and reclaimable", async () => {
  await scanPackedFixture((docker) => {
    const store = docker.classic[0];
    assert.equal(store.root.path, "/data/docker");
    const figures = Object.fromEntries(store.images.map((i) => [i.name, [i.size, i.sharedSize, i.uniqueSize, i.containers]]));
    assert.deepEqual(figures, {
      "api:1.0": [BASE + APIDEPS + APICODE, BASE + APIDEPS, APICODE, 0],
      "web:latest": [BASE + WEB, BASE, WEB, 1],
      "<none>:<none>": [BASE + TOOL, BASE, TOOL, 0],
    });
    const total = BASE + WEB + APIDEPS + APICODE + TOOL;
    assert.deepEqual([store.imagesTotal.size, store.imagesTotal.reclaimable], [total, total - WEB]);
  });
});

test("inside a VHDX, the container's writable layer, logs and volumes have Docker's sizes and the blocks they hold", async () => {
  await scanPackedFixture((docker) => {
    const store = docker.classic[0];
    const c = store.containers.find((x) => x.name === "web-1")!;
    assert.equal(c.sizeRw, 4_000 + 1_234);
    assert.deepEqual(c.logs.map((l) => [l.apparentBytes, l.allocatedBytes]), [[50_000, blocks(50_000)], [20_000, blocks(20_000)]]);
    // A volume: its folder and _data (one block each) and one file.
    assert.deepEqual(store.volumes.map((v) => [v.name, v.size, v.allocatedBytes]), [
      ["appdata", 64_000, BLOCK + BLOCK + blocks(64_000)],
      ["a".repeat(64), 3_000, BLOCK + BLOCK + blocks(3_000)],
    ]);
    const unowned = store.buildCache.unownedDirs[0];
    // The directory, its diff/ and one 45,000-byte file.
    assert.equal(unowned.usage.allocatedBytes, BLOCK + BLOCK + blocks(45_000));
  });
});

test("inside a VHDX, containerd images get content, unpacked, shared and unique bytes worked out from 4 KiB blocks", async () => {
  await scanPackedFixture((docker) => {
    const [cd] = docker.containerd;
    // Snapshot folders: the folder, fs/ and one file; the container's also has fs/tmp/ and work/.
    const snap = { base: 2 * BLOCK + blocks(20_000), redis1: 2 * BLOCK + blocks(6_000), redis2: 2 * BLOCK + blocks(15_000) };
    assert.deepEqual(Object.fromEntries(cd.snapshots.map((s) => [s.id, s.usage.allocatedBytes])), {
      "1": snap.base, "2": snap.redis1, "3": snap.redis2, "4": 4 * BLOCK + blocks(3_000), "5": 2 * BLOCK + blocks(8_000),
    });
    // Blobs: JSON documents (manifests, configs, redis's index) are under 4 KiB: one block each.
    const layer = { base: blocks(9_000), redis1: blocks(2_500), redis2: blocks(7_000) };
    const alpineContent = BLOCK + BLOCK + layer.base;
    const redisContent = BLOCK + BLOCK + BLOCK + layer.base + layer.redis1 + layer.redis2;
    const shared = layer.base + snap.base;
    const figures = Object.fromEntries(cd.images.map((i) => [i.name, [i.contentBytes, i.unpackedBytes, i.sharedSize, i.uniqueSize, i.containers]]));
    assert.deepEqual(figures, {
      "alpine:3.20": [alpineContent, snap.base, shared, alpineContent + snap.base - shared, 0],
      "redis:7": [redisContent, snap.base + snap.redis1 + snap.redis2, shared, redisContent + snap.base + snap.redis1 + snap.redis2 - shared, 1],
    });
    assert.deepEqual(cd.unreferencedBlobs, { count: 1, allocatedBytes: blocks(1_200) });
    assert.equal(cd.containers[0].writableAllocatedBytes, 4 * BLOCK + blocks(3_000));
    // Docker keeps that container's folder (config, logs) in its own root; its writable layer is the snapshot.
    const cache = docker.classic[0].containers.find((x) => x.name === "cache-1")!;
    assert.deepEqual([cache.writableStore, cache.writableAllocatedBytes, cache.image, cache.running], ["containerd", 4 * BLOCK + blocks(3_000), "redis:7", true]);
    assert.deepEqual(cache.logs.map((l) => [l.apparentBytes, l.allocatedBytes]), [[12_000, blocks(12_000)]]);
  });
});

test("inside a VHDX, an encrypted layer folder is named in a note while Docker's figures and the rest are counted", async () => {
  await scanPackedFixture((docker, facts) => {
    const store = docker.classic[0];
    const diff = `/data/docker/overlay2/${facts.cacheIds.base}/diff`;
    assert.match(store.notes.join(" "), new RegExp(`could not be read \\(${diff}\\)`));
    const web = store.images.find((i) => i.name === "web:latest")!;
    assert.deepEqual([web.size, web.sharedSize, web.uniqueSize], [BASE + WEB, BASE, WEB]);
    assert.equal(store.containers.find((x) => x.name === "web-1")!.sizeRw, 4_000 + 1_234);
  }, {
    // 0x800: EXT4_ENCRYPT_FL, with 0x80000 (extents) kept; the reader refuses to list such a folder.
    mkfs: ["-O", "encrypt,^metadata_csum"],
    debugfs: (facts) => [`sif /data/docker/overlay2/${facts.cacheIds.base}/diff flags 0x80800`],
  });
});

test("inside a VHDX, a damaged containers folder is named in a note and the images are still counted", async () => {
  await scanPackedFixture((docker) => {
    const store = docker.classic[0];
    assert.match(store.notes.join(" "), /could not be read \(\/data\/docker\/containers\)/);
    assert.equal(store.containers.length, 0);
    assert.deepEqual(store.images.map((i) => i.name).sort(), ["<none>:<none>", "api:1.0", "web:latest"]);
    assert.equal(store.imagesTotal.size, BASE + WEB + APIDEPS + APICODE + TOOL);
  }, {
    mkfs: ["-O", "^metadata_csum"],
    // The first entry's rec_len becomes 0xffff: the folder's block cannot be parsed.
    debugfs: () => ["zap_block -f /data/docker/containers -o 4 -l 2 -p 0xff 0"],
  });
});
