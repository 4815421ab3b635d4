// The Docker view over a real overlay2 layout written to a local folder (tests/support/docker_fixture.ts).
// Expected figures are Docker's rule worked by hand from the fixture's file sizes:
//   layerdb size of a layer = sum of its files; image SIZE = sum over its layers; SHARED = layers that
//   two or more images of the store name (the unlisted build parent of api included); UNIQUE = SIZE − SHARED.
// Allocated bytes are checked against the real `du -sB1`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildDockerFixture } from "../support/docker_fixture.ts";
import { mustRun, withTempDir } from "../support/tools.ts";
import { LocalFsTree } from "../../core/usage/local_fs_tree.ts";
import { scanDocker } from "../../core/usage/docker_store/scan_docker.ts";
import { scanUsage } from "../../core/usage/scan_usage.ts";
import { dockerUsageJson } from "../../core/usage/docker_store/docker_json.ts";

// Layer sizes from LAYER_FILES: base 30_000 + 400, web 7_000, apideps 11_000 + 2_500, apicode 21_000, tool 9_000.
const BASE = 30_400, WEB = 7_000, APIDEPS = 13_500, APICODE = 21_000, TOOL = 9_000;

function duBytes(path: string, apparent = false): number {
  return Number(mustRun("du", ["-s", apparent ? "-b" : "-B1", path]).split("\t")[0]);
}

test("images get docker system df -v's SIZE, SHARED SIZE, UNIQUE SIZE and CONTAINERS", async () => {
  await withTempDir(async (dir) => {
    const facts = buildDockerFixture(dir);
    const docker = (await scanDocker(new LocalFsTree(dir)))!;
    const store = docker.classic[0];
    const rows = Object.fromEntries(store.images.map((i) => [i.name, i]));
    assert.deepEqual(Object.keys(rows).sort(), ["<none>:<none>", "api:1.0", "web:latest"]);
    assert.deepEqual([rows["api:1.0"].size, rows["api:1.0"].sharedSize, rows["api:1.0"].uniqueSize], [BASE + APIDEPS + APICODE, BASE + APIDEPS, APICODE]);
    assert.deepEqual([rows["web:latest"].size, rows["web:latest"].sharedSize, rows["web:latest"].uniqueSize], [BASE + WEB, BASE, WEB]);
    assert.deepEqual([rows["<none>:<none>"].size, rows["<none>:<none>"].sharedSize, rows["<none>:<none>"].uniqueSize], [BASE + TOOL, BASE, TOOL]);
    assert.deepEqual([rows["web:latest"].containers, rows["api:1.0"].containers], [1, 0]);
    assert.deepEqual(rows["api:1.0"].chainIds, facts.chainIds.api);
    assert.equal(rows["<none>:<none>"].id, facts.imageIds.dangling);
  });
});

test("the Images line counts each layer once and reclaims all but what containers use", async () => {
  await withTempDir(async (dir) => {
    buildDockerFixture(dir);
    const store = (await scanDocker(new LocalFsTree(dir)))!.classic[0];
    const total = BASE + WEB + APIDEPS + APICODE + TOOL;
    assert.deepEqual(store.imagesTotal.size, total);
    assert.equal(store.imagesTotal.active, 1);
    assert.equal(store.imagesTotal.reclaimable, total - WEB);
    assert.equal(store.imagesTotal.count, 3);
  });
});

test("a container's writable layer counts a hard-linked file once and its json logs are listed with their runtime paths", async () => {
  await withTempDir(async (dir) => {
    const facts = buildDockerFixture(dir);
    const c = (await scanDocker(new LocalFsTree(dir)))!.classic[0].containers.find((x) => x.name === "web-1")!;
    assert.equal(c.name, "web-1");
    assert.equal(c.image, "web:latest");
    assert.equal(c.running, false);
    assert.equal(c.sizeRw, 4_000 + 1_234);
    assert.deepEqual(c.logs.map((l) => l.apparentBytes), [50_000, 20_000]);
    assert.equal(c.logs[0].runtimePath, `/var/lib/docker/containers/${"c".repeat(64)}/${"c".repeat(64)}-json.log`);
    const rwDirs = ["", "-init"].map((s) => join(dir, "data/docker/overlay2", facts.mountId + s));
    assert.equal(c.writableAllocatedBytes, rwDirs.reduce((s, p) => s + duBytes(p), 0));
    assert.equal(c.logAllocatedBytes, c.logs.reduce((s, l) => s + duBytes(join(dir, l.path)), 0));
  });
});

test("volumes have Docker's SIZE and LINKS, and anonymous ones are marked", async () => {
  await withTempDir(async (dir) => {
    buildDockerFixture(dir);
    const volumes = (await scanDocker(new LocalFsTree(dir)))!.classic[0].volumes;
    assert.deepEqual(volumes.map((v) => [v.name, v.size, v.links, v.anonymous]), [["appdata", 64_000, 1, false], ["a".repeat(64), 3_000, 0, true]]);
  });
});

test("build cache is BuildKit's folder plus the layer directory no layer or container owns", async () => {
  await withTempDir(async (dir) => {
    buildDockerFixture(dir);
    const cache = (await scanDocker(new LocalFsTree(dir)))!.classic[0].buildCache;
    assert.deepEqual(cache.unownedDirs.map((d) => [d.name, d.usage.dockerBytes]), [["buildkitsnapshot0000000000000001", 45_000]]);
    assert.equal(cache.buildkit.dockerBytes, 16_384 + 32_768 + 16_384 + 10_000);
    assert.equal(cache.buildkit.allocatedBytes, duBytes(join(dir, "data/docker/buildkit")));
  });
});

test("the whole Docker root adds up to what du reports, allocated and apparent", async () => {
  await withTempDir(async (dir) => {
    buildDockerFixture(dir);
    const docker = (await scanDocker(new LocalFsTree(dir)))!;
    const root = join(dir, "data/docker");
    assert.equal(docker.classic[0].total.allocatedBytes, duBytes(root));
    assert.equal(docker.classic[0].total.apparentBytes, duBytes(root, true));
    const cd = join(dir, "data/desktop-containerd/daemon");
    assert.equal(docker.containerd[0].total.allocatedBytes, duBytes(cd));
    assert.equal(docker.total.allocatedBytes, duBytes(root) + duBytes(cd));
  });
});

test("the containerd store's images, container and build cache are named from its real bbolt databases", async () => {
  await withTempDir(async (dir) => {
    buildDockerFixture(dir);
    const [cd] = (await scanDocker(new LocalFsTree(dir)))!.containerd;
    assert.equal(cd.root.path, "/data/desktop-containerd/daemon");
    assert.equal(cd.namesRead, true);
    assert.deepEqual(cd.images.map((i) => [i.name, i.containers, i.missingSnapshots]), [["redis:7", 1, 0], ["alpine:3.20", 0, 0]]);
    assert.deepEqual(cd.containers.map((c) => [c.id, c.image, c.snapshotId]), [["d".repeat(64), "redis:7", "4"]]);
    assert.deepEqual(cd.unownedSnapshots.map((s) => [s.id, s.key]), [["5", "buildkit/1/x0fzmrvzqs0c"]]);
    assert.equal(cd.unreferencedBlobs.count, 1);
    // Snapshot folders by number: base 20,000, redis1 6,000, redis2 15,000, the container 3,000, build cache 8,000.
    const bytes = Object.fromEntries(cd.snapshots.map((s) => [s.id, s.usage.dockerBytes]));
    assert.deepEqual(bytes, { "1": 20_000, "2": 6_000, "3": 15_000, "4": 3_000, "5": 8_000 });
    assert.equal(cd.ingest.dockerBytes, 5_000);
    // Each image's SIZE is its content plus its snapshots; alpine's whole chain (the base) is shared with redis.
    const alpine = cd.images.find((i) => i.name === "alpine:3.20")!;
    assert.equal(alpine.size, alpine.contentBytes + alpine.unpackedBytes);
    assert.equal(alpine.uniqueSize, alpine.size - alpine.sharedSize);
  });
});

test("when meta.db is not a bbolt database, the containerd store is sized and the reason is said", async () => {
  await withTempDir(async (dir) => {
    buildDockerFixture(dir);
    writeFileSync(join(dir, "data/desktop-containerd/daemon/io.containerd.metadata.v1.bolt/meta.db"), Buffer.alloc(8192, 0x5a));
    const [cd] = (await scanDocker(new LocalFsTree(dir)))!.containerd;
    assert.equal(cd.namesRead, false);
    assert.deepEqual(cd.images, []);
    assert.match(cd.notes.join(" "), /meta\.db could not be read \(not a bbolt database/);
    assert.equal(cd.snapshots.length, 5);
  });
});

test("a distro's plain /var/lib/docker is found, and seen at the same path at runtime", async () => {
  await withTempDir(async (dir) => {
    buildDockerFixture(dir, "engine");
    const docker = (await scanDocker(new LocalFsTree(dir)))!;
    assert.deepEqual(docker.classic.map((c) => [c.root.path, c.root.runtimePath]), [["/var/lib/docker", "/var/lib/docker"]]);
    assert.equal(docker.containerd.length, 0);
    assert.equal(docker.classic[0].images.length, 3);
  });
});

test("a data root moved by /etc/docker/daemon.json is found there", async () => {
  await withTempDir(async (dir) => {
    buildDockerFixture(dir, "engine", "/srv/docker-data");
    mkdirSync(join(dir, "etc/docker"), { recursive: true });
    writeFileSync(join(dir, "etc/docker/daemon.json"), JSON.stringify({ "data-root": "/srv/docker-data", "log-driver": "json-file" }));
    const docker = (await scanDocker(new LocalFsTree(dir)))!;
    assert.deepEqual(docker.classic.map((c) => [c.root.path, c.root.runtimePath]), [["/srv/docker-data", "/srv/docker-data"]]);
    assert.equal(docker.classic[0].containers.find((x) => x.name === "web-1")!.logs[0].runtimePath, `/srv/docker-data/containers/${"c".repeat(64)}/${"c".repeat(64)}-json.log`);
  });
});

test("a disk without a Docker root gives no Docker view", async () => {
  await withTempDir(async (dir) => {
    mkdirSync(join(dir, "var/lib/apt"), { recursive: true });
    assert.equal(await scanDocker(new LocalFsTree(dir)), null);
  });
});

test("given the usage scan's sums, the view gives the same figures without walking image layers again", async () => {
  await withTempDir(async (dir) => {
    const facts = buildDockerFixture(dir);
    const alone = (await scanDocker(new LocalFsTree(dir)))!;
    const tree = new LocalFsTree(dir);
    const scan = await scanUsage(tree);
    const listed: string[] = [];
    const counting = { stat: (p: string) => tree.stat(p), readFile: (p: string, n: number) => tree.readFile(p, n), list: (p: string) => (listed.push(p), tree.list(p)) };
    const reused = (await scanDocker(counting, { known: scan }))!;
    assert.deepEqual(dockerUsageJson(reused), dockerUsageJson(alone));
    const baseDiff = `/data/docker/overlay2/${facts.cacheIds.base}/diff`;
    assert.ok(!listed.some((p) => p.startsWith(baseDiff)), "an image layer's files are not listed again");
    assert.ok(listed.some((p) => p.startsWith(`/data/docker/overlay2/${facts.mountId}/diff`)), "the writable layer is walked for Docker's exact SIZE");
  });
});
