import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalFsTree } from "../usage/local_fs_tree.ts";
import { scanUsage } from "../usage/scan_usage.ts";
import { type ReportNode, reportTree } from "./report_node.ts";

async function withFolder(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "report-tree-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function walk(n: ReportNode, visit: (n: ReportNode) => void): void {
  visit(n);
  for (const c of n.c ?? []) walk(c, visit);
}

test("every folder's tiles add up to the folder's allocated and apparent bytes and its files", async () => {
  await withFolder(async (dir) => {
    await mkdir(join(dir, "big/inner"), { recursive: true });
    await writeFile(join(dir, "big/inner/blob"), "x".repeat(400_000));
    await writeFile(join(dir, "big/loose"), "y".repeat(90_000));
    for (let i = 0; i < 30; i++) await writeFile(join(dir, `big/s${i}`), "z".repeat(100));
    const scan = await scanUsage(new LocalFsTree(dir), { topFiles: 5 });
    const root = reportTree(scan);
    walk(root, (n) => {
      if (!n.c) return;
      assert.equal(n.c.reduce((s, c) => s + c.a, 0), n.a, n.n);
      assert.equal(n.c.reduce((s, c) => s + c.p, 0), n.p, n.n);
      assert.equal(n.c.reduce((s, c) => s + c.f, 0), n.f, n.n);
    });
    assert.equal(root.a, scan.root.allocatedBytes);
    const big = root.c!.find((c) => c.n === "big")!;
    // The biggest files the scan kept are their own tiles; the rest of the folder's files are one.
    assert.ok(big.c!.some((c) => c.n === "loose" && c.k === "file"));
    assert.ok(big.c!.some((c) => c.k === "files" && /^\(\d+ small files\)$/.test(c.n)));
  });
});

test("folders under 1/maxTiles of the disk become one '(N small folders)' tile, bytes kept", async () => {
  await withFolder(async (dir) => {
    await mkdir(join(dir, "huge"), { recursive: true });
    await writeFile(join(dir, "huge/data"), "h".repeat(2_000_000));
    for (let i = 0; i < 12; i++) {
      await mkdir(join(dir, `tiny${i}`));
      await writeFile(join(dir, `tiny${i}/f`), "t");
    }
    const scan = await scanUsage(new LocalFsTree(dir));
    const root = reportTree(scan, { maxTiles: 50 });
    const small = root.c!.find((c) => c.k === "dirs")!;
    assert.equal(small.n, "(12 small folders)");
    assert.equal(small.a, [...Array(12).keys()].reduce((s, i) => s + scan.dir(`/tiny${i}`)!.allocatedBytes, 0));
    assert.equal(small.f, 12);
    let tiles = 0;
    walk(root, () => tiles++);
    assert.ok(tiles < 20, `${tiles} tiles`);
    // Unlimited, every folder is its own tile.
    assert.equal(reportTree(scan, { maxTiles: 1e12 }).c!.filter((c) => c.k === "dir").length, 13);
  });
});
