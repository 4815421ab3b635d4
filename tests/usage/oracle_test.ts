/**
 * The usage scan against e2fsprogs: for real images made by mke2fs -d and debugfs (extents with
 * metadata_csum, inline data, ext2 block maps), every directory's allocated and apparent sums equal
 * the ones computed from `debugfs ls -p` and `debugfs stat` alone.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { scanUsage } from "../../core/usage/scan_usage.ts";
import type { UsageScan } from "../../core/usage/scan_usage.ts";
import { withTempDir } from "../support/tools.ts";
import { inodeFlags, oracleUsage, statInodes } from "./debugfs_oracle.ts";
import { buildUsageImage, htreeIndirectLevels, openTree, writeUsageTree } from "./usage_fixtures.ts";
import type { Ext4ImageOptions } from "../support/tools.ts";

/** i_flags (inodes.rst). */
const INDEX_FL = 0x1000;
const INLINE_DATA_FL = 0x10000000;
const EXTENTS_FL = 0x80000;
const CASEFOLD_FL = 0x40000000;

function allDirs(scan: UsageScan): Map<string, { allocatedBytes: number; apparentBytes: number }> {
  const out = new Map<string, { allocatedBytes: number; apparentBytes: number }>();
  const walk = (d: UsageScan["root"]) => {
    out.set(d.path, { allocatedBytes: d.allocatedBytes, apparentBytes: d.apparentBytes });
    d.children.forEach(walk);
  };
  walk(scan.root);
  return out;
}

async function scanAndOracle(dir: string, opts: Omit<Ext4ImageOptions, "populateFrom">, manyFiles?: number) {
  const src = join(dir, "src");
  await mkdir(src);
  await writeUsageTree(src, manyFiles);
  const raw = join(dir, "fs.img");
  const vhdx = join(dir, "fs.vhdx");
  buildUsageImage(raw, vhdx, src, opts);
  const tree = await openTree(vhdx);
  try {
    return { raw, vhdx, scan: await scanUsage(tree), oracle: oracleUsage(raw) };
  } finally {
    await tree.close();
  }
}

function assertAgrees(scan: UsageScan, oracle: ReturnType<typeof oracleUsage>): void {
  assert.deepEqual(scan.problems, []);
  const ours = allDirs(scan);
  assert.deepEqual([...ours.keys()].sort(), [...oracle.keys()].sort());
  for (const [path, o] of oracle) assert.deepEqual(ours.get(path), o, `sums of ${path}`);
}

test("ext4 with extents and metadata_csum: every directory's sums equal debugfs's, a two-level htree folder included", async () => {
  await withTempDir(async (dir) => {
    const { raw, scan, oracle } = await scanAndOracle(dir, { size: "96M", mkfsArgs: ["-O", "metadata_csum,dir_index", "-b", "1024"] });
    assert.ok(inodeFlags(raw, "/many") & INDEX_FL, "the fixture's big folder is an htree");
    assert.equal(htreeIndirectLevels(raw, "/many"), 1, "with index nodes and their checksums");
    assert.ok(inodeFlags(raw, "/sparse.img") & EXTENTS_FL);
    assertAgrees(scan, oracle);
  });
});

test("inline data: small files and small folders stored in the inode sum like debugfs says", async () => {
  await withTempDir(async (dir) => {
    const { raw, vhdx, scan, oracle } = await scanAndOracle(dir, { size: "64M", mkfsArgs: ["-O", "inline_data", "-I", "256", "-b", "4096"] }, 400);
    assert.ok(inodeFlags(raw, "/etc/hosts") & INLINE_DATA_FL, "a small file is inline");
    assert.ok(inodeFlags(raw, "/other") & INLINE_DATA_FL, "a small folder is inline");
    assertAgrees(scan, oracle);
    const tree = await openTree(vhdx);
    try {
      // 60 bytes in i_block, the rest in the system.data attribute.
      assert.equal(new TextDecoder().decode(await tree.readFile("/etc/hosts", 1000)), "127.0.0.1 localhost\n".repeat(3));
      assert.equal(new TextDecoder().decode(await tree.readFile("/other/d.txt", 1000)), "d".repeat(70));
    } finally {
      await tree.close();
    }
  });
});

test("ext2 with block maps and 1 KiB blocks (indirect blocks, hashed folder): sums equal debugfs's", async () => {
  await withTempDir(async (dir) => {
    const { raw, scan, oracle } = await scanAndOracle(dir, { size: "80M", type: "ext2", mkfsArgs: ["-b", "1024"] });
    assert.equal(inodeFlags(raw, "/sparse.img") & EXTENTS_FL, 0, "the fixture uses block maps");
    assert.equal(htreeIndirectLevels(raw, "/many"), 1, "1 KiB blocks give the htree a level of index nodes");
    assertAgrees(scan, oracle);
  });
});

test("the listing of a folder gives each entry's size, blocks and link count as debugfs stat does", async () => {
  await withTempDir(async (dir) => {
    const src = join(dir, "src");
    await mkdir(src);
    await writeUsageTree(src, 50);
    buildUsageImage(join(dir, "fs.img"), join(dir, "fs.vhdx"), src, { size: "64M" });
    const tree = await openTree(join(dir, "fs.vhdx"));
    try {
      const entries = await tree.list("/data");
      const stats = statInodes(join(dir, "fs.img"), entries.map((e) => e.inode));
      for (const e of entries) {
        const st = stats.get(e.inode)!;
        assert.deepEqual([e.apparentBytes, e.allocatedBytes, e.nlink], [st.size, st.blockcount * 512, st.links], e.path);
      }
      assert.deepEqual(entries.map((e) => e.name).sort(), ["a.bin", "b.bin", "fast-link", "slow-link"]);
      assert.equal(await tree.readLink("/data/fast-link"), "../etc/hosts");
      assert.equal(await tree.readLink("/data/slow-link"), "x/".repeat(60) + "far");
      assert.equal(new TextDecoder().decode(await tree.readFile("/etc/hosts", 1000)), "127.0.0.1 localhost\n".repeat(3));
      assert.equal(await tree.stat("/etc/hostname"), null, "the entry debugfs deleted is gone");
    } finally {
      await tree.close();
    }
  });
});

test("a casefolded folder is listed with its names as written and sums like debugfs says", async () => {
  await withTempDir(async (dir) => {
    const src = join(dir, "src");
    await mkdir(src);
    await writeUsageTree(src, 20);
    const raw = join(dir, "fs.img");
    const vhdx = join(dir, "fs.vhdx");
    const edits = ["mkdir /cf", "sif /cf flags 0x40080000",
      ...["Readme.TXT", "straße.md", "MiXeD"].map((name, i) => `write ${join(src, i === 0 ? "etc/hosts" : "var/log/syslog")} "/cf/${name}"`)];
    buildUsageImage(raw, vhdx, src, { size: "64M", mkfsArgs: ["-O", "casefold", "-E", "encoding=utf8"] }, edits);
    assert.ok(inodeFlags(raw, "/cf") & CASEFOLD_FL, "the folder is casefolded");
    const tree = await openTree(vhdx);
    try {
      assert.deepEqual((await tree.list("/cf")).map((e) => e.name).sort(), ["MiXeD", "Readme.TXT", "straße.md"]);
      assertAgrees(await scanUsage(tree), oracleUsage(raw));
    } finally {
      await tree.close();
    }
  });
});
