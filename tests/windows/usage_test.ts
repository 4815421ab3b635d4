/**
 * The .exe's `usage` on Docker Desktop 4.30's data disk, found by name on the simulated Windows: a
 * real ext4 VHDX holding a Docker Desktop layout (`/data/docker` with overlay2 images, a container,
 * volumes, build cache) plus 8 MiB written and deleted. Read-only: the disk is byte-identical after.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { skipReason } from "./suite.ts";
import { MODERN, scenario, shown, ubuntu } from "./scenario.ts";
import { buildDockerFixture } from "../support/docker_fixture.ts";
import { debugfs, makeExt4Image, toVhdx } from "../support/tools.ts";

const skip = skipReason() ?? false;
const opts = { skip, timeout: 300_000 };

/** Docker Desktop's data disk with the fixture layout, as a VHDX; 8 MiB deleted after writing. */
function dockerDataDisk(dir: string): string {
  const tree = join(dir, "tree");
  buildDockerFixture(tree, "docker-desktop");
  const raw = join(dir, "docker_data.raw");
  const junk = join(dir, "junk.bin");
  writeFileSync(junk, randomBytes(8 * 1024 * 1024));
  makeExt4Image(raw, { size: "64M", populateFrom: tree });
  debugfs(raw, [`write ${junk} /junk.bin`]);
  debugfs(raw, ["rm /junk.bin"]);
  const vhdx = join(dir, "docker_data.vhdx");
  toVhdx(raw, vhdx);
  return vhdx;
}

test("usage docker_data.vhdx reads Docker Desktop's disk offline: folders, Docker's images, the deleted-data line; the disk is unchanged", opts, async () => {
  const dir = mkdtempSync(join(tmpdir(), "vhdx-shrink-wine-usage-"));
  try {
    const vhdx = dockerDataDisk(dir);
    const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)], docker: { layout: "4.30", dataVhd: vhdx, running: false } }));
    const [disk] = sc.m.state().docker.diskPaths;
    const hash = sc.sha256(disk);
    const text = await sc.product(["usage", "docker_data.vhdx", "--depth", "2", "--no-color"]);
    assert.equal(text.code, 0, shown(text));
    assert.match(text.stdout, /├─ data\r?\n.*│  └─ docker|├─ data\r?\n.*├─ docker/, shown(text));
    assert.match(text.stdout, /deleted but still in the VHDX: [\d.]+ MiB — run `vhdx-shrink --strategy native --target \S+`/, shown(text));
    assert.match(text.stdout, /web/, "Docker's view names the images");
    const json = await sc.product(["usage", "docker_data.vhdx", "--json"]);
    assert.equal(json.code, 0, shown(json));
    const doc = JSON.parse(json.stdout).targets[0];
    assert.ok(doc.entries.some((e: { path: string }) => e.path === "/data/docker"), shown(json));
    assert.ok(doc.deletedButInVhdxBytes >= 8 * 1024 * 1024, `${doc.deletedButInVhdxBytes}`);
    assert.notEqual(doc.docker, null, "the Docker view found the Docker root");
    assert.equal(sc.sha256(disk), hash, "read-only: the disk is byte-identical");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
