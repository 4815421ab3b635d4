import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { LocalFsTree } from "./local_fs_tree.ts";
import { DISTRO_SPOTS, measureDistroSpots } from "./suggestions_distro.ts";
import { suggestCleanups } from "./suggestions.ts";

const spot = (id: string) => DISTRO_SPOTS.find((s) => s.id === id)!;

test("a large journal and apt cache give journalctl --vacuum-size and apt clean; small ones give nothing", () => {
  const list = suggestCleanups({ spots: [
    { spot: spot("journal-vacuum"), path: "/var/log/journal", allocatedBytes: 3 * 2 ** 30 },
    { spot: spot("apt-clean"), path: "/var/cache/apt/archives", allocatedBytes: 200 * 2 ** 20 },
    { spot: spot("pip-cache"), path: "/root/.cache/pip", allocatedBytes: 10 * 2 ** 20 },
  ] });
  assert.deepEqual(list.map((s) => [s.command, s.bytes, s.scope]), [
    ["sudo journalctl --vacuum-size=100M", 3 * 2 ** 30, "distro"],
    ["sudo apt clean", 200 * 2 ** 20, "distro"],
  ]);
});

test("no findings give no suggestions", () => {
  assert.deepEqual(suggestCleanups({}), []);
});

test("spots in every home folder are measured, and absent ones skipped", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vhdx-shrink-test-"));
  try {
    for (const home of ["root", "home/ann", "home/bo"]) mkdirSync(join(dir, home), { recursive: true });
    mkdirSync(join(dir, "home/ann/.cache/pip"), { recursive: true });
    writeFileSync(join(dir, "home/ann/.cache/pip/wheel.whl"), Buffer.alloc(10_000, 1));
    mkdirSync(join(dir, "var/log/journal"), { recursive: true });
    const spots = await measureDistroSpots(new LocalFsTree(dir));
    assert.deepEqual(spots.map((s) => s.path).sort(), ["/home/ann/.cache/pip", "/var/log/journal"]);
    assert.ok(spots.find((s) => s.path === "/home/ann/.cache/pip")!.allocatedBytes >= 10_000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
