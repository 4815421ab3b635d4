import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { link, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalFsTree } from "./local_fs_tree.ts";
import { scanUsage } from "./scan_usage.ts";
import { FsPathError } from "../errors.ts";

async function withFolder(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "scan-usage-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function du(args: string[], dir: string): number {
  const r = spawnSync("du", [...args, "-s", "-B1", dir], { encoding: "utf8" });
  return Number(r.stdout.split("\t")[0]);
}

test("a scan of a local folder sums like du: blocks and sizes, hard links once, folders included", async () => {
  await withFolder(async (dir) => {
    await mkdir(join(dir, "a/b"), { recursive: true });
    await writeFile(join(dir, "a/one"), "x".repeat(10_000));
    await writeFile(join(dir, "a/b/two"), "y".repeat(70_000));
    await link(join(dir, "a/b/two"), join(dir, "a/two-again"));
    await symlink("one", join(dir, "a/link"));
    const scan = await scanUsage(new LocalFsTree(dir));
    assert.equal(scan.root.allocatedBytes, du([], dir));
    assert.equal(scan.root.apparentBytes, du(["--apparent-size"], dir));
    assert.equal(scan.dir("/a/b")!.allocatedBytes, du([], join(dir, "a/b")));
    assert.deepEqual([scan.root.files, scan.root.dirs], [4, 2]);
    assert.deepEqual(scan.topFiles.map((f) => f.path), ["/a/b/two", "/a/one"]);
  });
});

test("a hard link is counted under the first path the walk meets and appears once in the top files", async () => {
  await withFolder(async (dir) => {
    await mkdir(join(dir, "x"));
    await writeFile(join(dir, "x/f"), "z".repeat(50_000));
    await link(join(dir, "x/f"), join(dir, "g"));
    const scan = await scanUsage(new LocalFsTree(dir));
    const inX = scan.topFiles[0].path === "/x/f";
    assert.equal(scan.topFiles.length, 1);
    assert.equal(scan.dir("/x")!.allocatedBytes >= 50_000, inX, "the folder holding the first path carries the blocks");
    assert.ok(scan.root.allocatedBytes < 100_000, "the blocks count once in the total");
  });
});

test("a scan from a path that is not a folder fails with FsPathError", async () => {
  await withFolder(async (dir) => {
    await writeFile(join(dir, "file"), "");
    await assert.rejects(scanUsage(new LocalFsTree(dir), { root: "/file" }), FsPathError);
    await assert.rejects(scanUsage(new LocalFsTree(dir), { root: "/missing" }), FsPathError);
  });
});
