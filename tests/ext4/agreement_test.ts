/**
 * The used map agrees with e2fsprogs on real filesystems of every layout mke2fs makes: same free
 * count as dumpe2fs -h, and the same free units, bit for bit, as dumpe2fs lists per group.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Ext4ImageOptions } from "../support/tools.ts";
import { analyzeImage, buildImage, dumpe2fsFreeBlocks, dumpe2fsFreeUnits, e2fsckClean, noise, writeSourceTree } from "./fixtures.ts";

interface Fixture {
  name: string;
  type: "ext2" | "ext3" | "ext4";
  opts: Omit<Ext4ImageOptions, "populateFrom">;
}

const FIXTURES: Fixture[] = [
  { name: "ext4 defaults (1 KiB blocks, flex_bg, 64bit, metadata_csum)", type: "ext4", opts: { size: "64M" } },
  { name: "ext4 with 4 KiB blocks", type: "ext4", opts: { size: "128M", mkfsArgs: ["-b", "4096"] } },
  { name: "ext4 without 64bit, flex_bg and metadata_csum", type: "ext4", opts: { size: "64M", mkfsArgs: ["-O", "^64bit,^flex_bg,^metadata_csum"] } },
  { name: "ext4 with crc16 group checksums (uninit_bg)", type: "ext4", opts: { size: "96M", mkfsArgs: ["-O", "^metadata_csum,uninit_bg"] } },
  { name: "ext4 bigalloc with 16 KiB clusters of 4 KiB blocks", type: "ext4", opts: { size: "128M", mkfsArgs: ["-b", "4096", "-O", "bigalloc", "-C", "16384"] } },
  { name: "ext4 bigalloc with 1 KiB blocks", type: "ext4", opts: { size: "64M", mkfsArgs: ["-b", "1024", "-O", "bigalloc", "-C", "16384"] } },
  { name: "ext4 meta_bg without resize_inode", type: "ext4", opts: { size: "128M", mkfsArgs: ["-O", "meta_bg,^resize_inode"] } },
  { name: "ext4 meta_bg with 32-byte descriptors", type: "ext4", opts: { size: "128M", mkfsArgs: ["-O", "meta_bg,^resize_inode,^64bit"] } },
  { name: "ext4 sparse_super2", type: "ext4", opts: { size: "96M", mkfsArgs: ["-O", "sparse_super2"] } },
  { name: "ext4 inline_data", type: "ext4", opts: { size: "64M", mkfsArgs: ["-O", "inline_data"] } },
  { name: "ext4 with 128-byte inodes and MMP", type: "ext4", opts: { size: "64M", mkfsArgs: ["-I", "128", "-O", "mmp"] } },
  { name: "ext3 with 1 KiB blocks", type: "ext3", opts: { type: "ext3", size: "96M", mkfsArgs: ["-b", "1024"] } },
  { name: "ext3 with 4 KiB blocks", type: "ext3", opts: { type: "ext3", size: "128M", mkfsArgs: ["-b", "4096"] } },
  { name: "ext2 with 1 KiB blocks", type: "ext2", opts: { type: "ext2", size: "64M", mkfsArgs: ["-b", "1024"] } },
  { name: "ext2 without sparse_super", type: "ext2", opts: { type: "ext2", size: "64M", mkfsArgs: ["-O", "^sparse_super,^resize_inode"] } },
];

/** Changes after creation: deletions, a new file, a preallocated (uninitialized) range, links. */
function edits(extra: string): string[] {
  return [
    "rm /dir3/f5.txt",
    "rm /medium.bin",
    `write ${extra} /added.bin`,
    "write /dev/null /prealloc",
    "fallocate /prealloc 0 299",
    // debugfs leaves i_size at 0 for block-mapped files; e2fsck wants it to cover the blocks.
    `sif /prealloc size ${300 * 4096}`,
    "symlink /newlink /dir0/f0.txt",
    "mkdir /newdir",
  ];
}

let work = "";
before(async () => {
  work = await mkdtemp(join(tmpdir(), "vhdx-shrink-ext4-"));
  await writeSourceTree(join(work, "src"));
  await writeFile(join(work, "extra.bin"), noise(400 * 1024, 3));
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

for (const fx of FIXTURES) {
  test(`${fx.name}: free blocks and free units match dumpe2fs, and e2fsck agrees the fixture is clean`, async () => {
    const img = join(work, "fs.img");
    buildImage(img, { ...fx.opts, populateFrom: join(work, "src") }, edits(join(work, "extra.bin")));
    const fsck = e2fsckClean(img);
    assert.ok(fsck.clean, `fixture is not clean: ${fsck.output}`);
    const report = await analyzeImage(img);
    assert.equal(report.reason, undefined);
    assert.equal(report.trusted, true);
    assert.equal(report.clean, true);
    assert.equal(report.type, fx.type);
    assert.equal(report.freeBlocks, dumpe2fsFreeBlocks(img));
    const map = report.usedMap!;
    const ratio = map.unitSize / report.blockSize;
    const free = dumpe2fsFreeUnits(img, map.unitCount, ratio);
    for (let u = 0; u < map.unitCount; u++) {
      const usedHere = (map.bits[u >>> 3] >> (u & 7)) & 1;
      const freeThere = (free[u >>> 3] >> (u & 7)) & 1;
      if (usedHere !== freeThere) continue;
      assert.fail(`unit ${u}: our map says ${usedHere ? "used" : "free"}, dumpe2fs says ${freeThere ? "free" : "used"}`);
    }
    assert.equal(report.usedBytes, (report.totalBlocks - report.freeBlocks) * report.blockSize);
    await rm(img);
  });
}

test("turning the cross-check off gives the same map on a healthy filesystem", async () => {
  const img = join(work, "nocheck.img");
  buildImage(img, { size: "64M", populateFrom: join(work, "src") });
  const checked = await analyzeImage(img, true);
  const unchecked = await analyzeImage(img, false);
  assert.equal(unchecked.trusted, true);
  assert.deepEqual(unchecked.usedMap!.bits, checked.usedMap!.bits);
  await rm(img);
});
