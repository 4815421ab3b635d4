// `vhdx-shrink usage` on a Docker Desktop data disk: the fixture of tests/support/docker_fixture.ts
// packed into a real ext4 (mke2fs -d) inside a real VHDX (qemu-img), the CLI run in-process.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { buildDockerFixture } from "../support/docker_fixture.ts";
import { makeExt4Image, toVhdx, withTempDir } from "../support/tools.ts";
import { runCli } from "../support/cli.ts";

async function withDockerDisk(fn: (vhdx: string) => Promise<void>): Promise<void> {
  await withTempDir(async (dir) => {
    const src = join(dir, "root");
    mkdirSync(src);
    buildDockerFixture(src);
    makeExt4Image(join(dir, "d.raw"), { size: "32M", populateFrom: src, mkfsArgs: ["-b", "4096"] });
    const vhdx = join(dir, "docker_data.vhdx");
    toVhdx(join(dir, "d.raw"), vhdx);
    await fn(vhdx);
  });
}

test("usage on a Docker Desktop disk prints docker system df's tables and leaves the disk byte-identical", async () => {
  await withDockerDisk(async (vhdx) => {
    const before = createHash("sha256").update(readFileSync(vhdx)).digest("hex");
    const r = await runCli(["usage", vhdx]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Docker data root \/data\/docker \(\/var\/lib\/docker when running\)/);
    assert.match(r.stdout, /REPOSITORY:TAG\s+IMAGE ID\s+SIZE\s+SHARED SIZE\s+UNIQUE SIZE\s+CONTAINERS/);
    assert.match(r.stdout, /web:latest\s+\w{12}\s+36\.5 KiB\s+29\.7 KiB\s+6\.8 KiB\s+1/); // 37,400 / 30,400 / 7,000 bytes
    assert.match(r.stdout, /containerd image store \/data\/desktop-containerd\/daemon/);
    assert.equal(createHash("sha256").update(readFileSync(vhdx)).digest("hex"), before);
  });
});

test("usage --json carries the Docker view with exact bytes and a suggestions list", async () => {
  await withDockerDisk(async (vhdx) => {
    const r = await runCli(["usage", vhdx, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const [doc] = JSON.parse(r.stdout).targets;
    const [classic, containerd] = doc.docker.stores;
    assert.equal(classic.kind, "classic");
    const api = classic.images.find((i: { name: string }) => i.name === "api:1.0");
    assert.deepEqual([api.size, api.sharedSize, api.uniqueSize], [30_400 + 13_500 + 21_000, 30_400 + 13_500, 21_000]);
    assert.equal(classic.containers.find((c: { name: string }) => c.name === "web-1").sizeRw, 5_234);
    assert.equal(containerd.kind, "containerd");
    assert.equal(containerd.namesRead, true);
    assert.deepEqual(containerd.images.map((i: { name: string }) => i.name), ["redis:7", "alpine:3.20"]);
    assert.ok(Array.isArray(doc.suggestions)); // the fixture is far below the 100 MiB threshold
    assert.equal(doc.suggestions.length, 0);
  });
});
