/**
 * The reader finds ext inside MBR and GPT partitions (512- and 4096-byte sectors), refuses disks
 * with several ext partitions, names filesystems it does not read, and treats everything outside
 * the filesystem as used.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "../../core/disk/partition_table.ts";
import { freeRangesIn, isRangeUsed } from "../../core/disk/mod.ts";
import { mustRun } from "../support/tools.ts";
import { analyzeImage, buildImage, dumpe2fsFreeBlocks, patchFile } from "./fixtures.ts";

const MiB = 1024 * 1024;
/** GPT type GUID "Linux filesystem" 0FC63DAF-8483-4772-8E79-3D69D8477DE4, in on-disk (mixed-endian) order. */
const LINUX_FS_GUID = [0xaf, 0x3d, 0xc6, 0x0f, 0x83, 0x84, 0x72, 0x47, 0x8e, 0x79, 0x3d, 0x69, 0xd8, 0x47, 0x7d, 0xe4];

let work = "";
let fsImage = "";
before(async () => {
  work = await mkdtemp(join(tmpdir(), "vhdx-shrink-ext4-part-"));
  await mkdir(join(work, "src"));
  await writeFile(join(work, "src", "hello.txt"), "hello ".repeat(5000));
  fsImage = join(work, "fs.img");
  buildImage(fsImage, { size: "16M", populateFrom: join(work, "src") });
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Part {
  startByte: number;
  lengthBytes: number;
  mbrType?: number;
}

/** Makes a disk of `size` bytes with the ext image copied into each listed ext partition start. */
async function disk(name: string, size: number, extAt: number[]): Promise<string> {
  const path = join(work, name);
  await rm(path, { force: true });
  await truncate(path, 0).catch(() => writeFile(path, new Uint8Array(0)));
  await truncate(path, size);
  for (const at of extAt) mustRun("dd", [`if=${fsImage}`, `of=${path}`, "bs=64K", `seek=${at / 65536}`, "conv=notrunc,sparse", "status=none"]);
  return path;
}

function mbrSector(parts: Part[], sectorSize: number): Uint8Array {
  const s = new Uint8Array(512);
  const v = new DataView(s.buffer);
  parts.forEach((p, i) => {
    const o = 446 + i * 16;
    s[o + 4] = p.mbrType ?? 0x83;
    v.setUint32(o + 8, p.startByte / sectorSize, true);
    v.setUint32(o + 12, p.lengthBytes / sectorSize, true);
  });
  s[510] = 0x55;
  s[511] = 0xaa;
  return s;
}

async function writeGpt(path: string, diskSize: number, sectorSize: number, parts: Part[]): Promise<void> {
  await patchFile(path, 0, mbrSector([{ startByte: sectorSize, lengthBytes: diskSize - sectorSize, mbrType: 0xee }], sectorSize));
  const entries = new Uint8Array(128 * 128);
  const ev = new DataView(entries.buffer);
  parts.forEach((p, i) => {
    entries.set(LINUX_FS_GUID, i * 128);
    entries.fill(i + 1, i * 128 + 16, i * 128 + 32);
    ev.setBigUint64(i * 128 + 32, BigInt(p.startByte / sectorSize), true);
    ev.setBigUint64(i * 128 + 40, BigInt((p.startByte + p.lengthBytes) / sectorSize - 1), true);
  });
  const h = new Uint8Array(sectorSize);
  const hv = new DataView(h.buffer);
  h.set(new TextEncoder().encode("EFI PART"));
  hv.setUint32(8, 0x10000, true);
  hv.setUint32(12, 92, true);
  hv.setBigUint64(24, 1n, true);
  hv.setBigUint64(32, BigInt(diskSize / sectorSize - 1), true);
  hv.setBigUint64(40, 34n, true);
  hv.setBigUint64(48, BigInt(diskSize / sectorSize - 34), true);
  hv.setBigUint64(72, 2n, true);
  hv.setUint32(80, 128, true);
  hv.setUint32(84, 128, true);
  hv.setUint32(88, crc32(entries), true);
  hv.setUint32(16, crc32(h.subarray(0, 92)), true);
  await patchFile(path, sectorSize, h);
  await patchFile(path, 2 * sectorSize, entries);
}

test("crc32 gives the IEEE check value", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
});

for (const sectorSize of [512, 4096]) {
  test(`ext in the second GPT partition of a ${sectorSize}-byte-sector disk is found and mapped at its offset`, async () => {
    const path = await disk(`gpt${sectorSize}.img`, 24 * MiB, [4 * MiB]);
    await patchFile(path, 1 * MiB + 3, new TextEncoder().encode("NTFS    "));
    await writeGpt(path, 24 * MiB, sectorSize, [{ startByte: 1 * MiB, lengthBytes: 3 * MiB }, { startByte: 4 * MiB, lengthBytes: 16 * MiB }]);
    const report = await analyzeImage(path, true, sectorSize);
    assert.equal(report.reason, undefined);
    assert.equal(report.partitionOffset, 4 * MiB);
    assert.equal(report.freeBlocks, dumpe2fsFreeBlocks(fsImage));
    const map = report.usedMap!;
    assert.equal(map.offset, 4 * MiB);
    assert.equal(isRangeUsed(map, 0, 4096), true, "the partition table is outside the filesystem: used");
    assert.equal(isRangeUsed(map, 20 * MiB, 4096), true, "bytes past the filesystem are used");
    const free = freeRangesIn(map, 0, 24 * MiB);
    assert.ok(free.length > 0);
    for (const [s, e] of free) {
      assert.ok(s >= 4 * MiB && e <= 20 * MiB, "free ranges stay inside the filesystem");
      assert.equal(isRangeUsed(map, s, e - s), false);
    }
    const freeBytes = free.reduce((sum, [s, e]) => sum + e - s, 0);
    assert.equal(freeBytes, report.freeBlocks * report.blockSize);
  });
}

test("ext in an MBR primary partition is found", async () => {
  const path = await disk("mbr.img", 20 * MiB, [2 * MiB]);
  await patchFile(path, 0, mbrSector([{ startByte: 2 * MiB, lengthBytes: 16 * MiB }], 512));
  const report = await analyzeImage(path);
  assert.equal(report.trusted, true);
  assert.equal(report.partitionOffset, 2 * MiB);
});

test("ext in a logical partition inside an MBR extended partition is found", async () => {
  const path = await disk("ebr.img", 24 * MiB, [3 * MiB]);
  await patchFile(path, 0, mbrSector([{ startByte: 1 * MiB, lengthBytes: 20 * MiB, mbrType: 0x05 }], 512));
  await patchFile(path, 1 * MiB, mbrSector([{ startByte: 2 * MiB, lengthBytes: 16 * MiB }], 512));
  const report = await analyzeImage(path);
  assert.equal(report.trusted, true);
  assert.equal(report.partitionOffset, 3 * MiB);
});

test("two ext partitions are refused: one map cannot protect both", async () => {
  const path = await disk("two.img", 40 * MiB, [2 * MiB, 20 * MiB]);
  await patchFile(path, 0, mbrSector([{ startByte: 2 * MiB, lengthBytes: 16 * MiB }, { startByte: 20 * MiB, lengthBytes: 16 * MiB }], 512));
  const report = await analyzeImage(path);
  assert.equal(report.trusted, false);
  assert.match(report.reason ?? "", /2 ext partitions/);
});

test("a partition smaller than its filesystem is refused", async () => {
  const path = await disk("short.img", 20 * MiB, [2 * MiB]);
  await patchFile(path, 0, mbrSector([{ startByte: 2 * MiB, lengthBytes: 8 * MiB }], 512));
  assert.match((await analyzeImage(path)).reason ?? "", /larger than its disk or partition/);
});

const OTHERS: Array<[string, number, string]> = [
  ["ntfs", 3, "NTFS    "],
  ["fat", 82, "FAT32   "],
  ["xfs", 0, "XFSB"],
  ["btrfs", 0x10040, "_BHRfS_M"],
];
for (const [type, at, magic] of OTHERS) {
  test(`a whole-disk ${type} filesystem is named and reported as not understood`, async () => {
    const path = await disk(`${type}.img`, 4 * MiB, []);
    await patchFile(path, at, new TextEncoder().encode(magic));
    const report = await analyzeImage(path);
    assert.equal(report.type, type);
    assert.equal(report.trusted, false);
    assert.match(report.reason ?? "", /not understood: only zero blocks can be reclaimed/);
  });
}

test("an all-zero disk reports no filesystem", async () => {
  const report = await analyzeImage(await disk("zero.img", 4 * MiB, []));
  assert.equal(report.type, "none");
  assert.equal(report.trusted, false);
});

test("a GPT header with a bad checksum is not trusted", async () => {
  const path = await disk("badgpt.img", 24 * MiB, [4 * MiB]);
  await writeGpt(path, 24 * MiB, 512, [{ startByte: 4 * MiB, lengthBytes: 16 * MiB }]);
  await patchFile(path, 512 + 56, new Uint8Array([0xff]));
  const report = await analyzeImage(path);
  assert.equal(report.trusted, false);
  assert.match(report.reason ?? "", /GPT header checksum mismatch/);
});
