/**
 * The valid disks the fuzzer mutates, made with mke2fs, debugfs and qemu-img, and the map of where
 * each on-disk structure lies in the VHDX file (headers, region tables, metadata, log, BAT, and the
 * ext4 superblock, descriptors, bitmaps and inode table through the BAT).
 * @module
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MemoryBlockFile } from "../../core/io/block_file.ts";
import { HEADER_OFFSETS, HEADER_SIZE } from "../../core/vhdx/header.ts";
import { openVhdx } from "../../core/vhdx/open_vhdx.ts";
import { REGION_TABLE_OFFSETS, REGION_TABLE_SIZE } from "../../core/vhdx/region_table.ts";
import type { Vhdx } from "../../core/vhdx/vhdx.ts";
import { makeBloatedDisk } from "../compact/support.ts";
import { mustRun } from "../support/tools.ts";
import { dirtyLogCopy } from "./dirty_log.ts";

/** How to make a structure valid again after a mutation, so the mutation reaches deeper checks. */
export type Fixup = "vhdx-crc" | "log-entry-crc" | "ext4-sb" | "ext4-gd" | "none";

/** One structure of a fixture: its bytes in the file and how to re-checksum it. */
export interface Target {
  name: string;
  fileOffset: number;
  length: number;
  fixup: Fixup;
  /** For ext4 targets: the superblock's file offset (checksum seeds) and the group of the first descriptor. */
  sbFileOffset?: number;
}

/** A fixture file and its targets (saved as JSON beside it so fuzz workers can load it). */
export interface FuzzFixture {
  name: string;
  path: string;
  targets: Target[];
}

/** The fixtures: ext4 with metadata_csum, ext4 without it, ext2 with 1 KiB blocks, and a dirty-log copy. */
const RECIPES = [
  { name: "ext4-csum", size: "6M", mkfsArgs: [] as string[] },
  { name: "ext4-nocsum", size: "6M", mkfsArgs: ["-O", "^metadata_csum"] },
  { name: "ext2-1k", size: "6M", type: "ext2" as const, mkfsArgs: ["-b", "1024"] },
];

/** Group-0 locations dumpe2fs reports, in filesystem blocks. */
function groupZero(raw: string): { blockSize: number; blockBitmap: number; inodeBitmap: number; inodeTable: number; inodeSize: number } {
  const out = mustRun("dumpe2fs", [raw]);
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? NaN);
  return {
    blockSize: num(/Block size:\s+(\d+)/), inodeSize: num(/Inode size:\s+(\d+)/),
    blockBitmap: num(/Block bitmap at (\d+)/), inodeBitmap: num(/Inode bitmap at (\d+)/), inodeTable: num(/Inode table at (\d+)/),
  };
}

function vhdxTargets(v: Vhdx): Target[] {
  const t: Target[] = [
    ...HEADER_OFFSETS.map((o, i) => ({ name: `header${i + 1}`, fileOffset: o, length: HEADER_SIZE, fixup: "vhdx-crc" as const })),
    ...REGION_TABLE_OFFSETS.map((o, i) => ({ name: `region-table${i + 1}`, fileOffset: o, length: 16 + 32 * v.regions.entries.length, fixup: "vhdx-crc" as const })),
    { name: "metadata-table", fileOffset: v.regions.metadata.fileOffset, length: 32 + 32 * v.metadataEntries.length, fixup: "none" },
    { name: "bat", fileOffset: v.regions.bat.fileOffset, length: Math.min(v.geometry.entryCount * 8, 4096), fixup: "none" },
  ];
  for (const e of v.metadataEntries) t.push({ name: `metadata-item-${e.itemId.slice(0, 8)}`, fileOffset: v.regions.metadata.fileOffset + e.offset, length: e.length, fixup: "none" });
  return t;
}

/** File offset of virtual byte `at` (its block must be present). */
function fileOffsetOf(v: Vhdx, at: number): number {
  const block = Math.floor(at / v.blockSize);
  const base = v.blockFileOffset(block);
  if (base === 0) throw new Error(`virtual byte ${at} is not in a present block`);
  return base + (at - block * v.blockSize);
}

function ext4Targets(v: Vhdx, g: ReturnType<typeof groupZero>): Target[] {
  const bs = g.blockSize;
  const sb = fileOffsetOf(v, 1024);
  const gdt = (bs === 1024 ? 2 : 1) * bs;
  const at = (name: string, virt: number, length: number, fixup: Fixup = "none"): Target => ({ name, fileOffset: fileOffsetOf(v, virt), length, fixup, sbFileOffset: sb });
  return [
    at("ext4-superblock", 1024, 1024, "ext4-sb"),
    at("ext4-group-descriptors", gdt, 64, "ext4-gd"),
    at("ext4-block-bitmap", g.blockBitmap * bs, bs),
    at("ext4-inode-bitmap", g.inodeBitmap * bs, bs),
    at("ext4-inodes-1-16", g.inodeTable * bs, 16 * g.inodeSize),
    at("ext4-inode-extents", g.inodeTable * bs + 11 * g.inodeSize + 40, 60),
  ];
}

/** Builds every fixture in `dir` and writes `dir/fixtures.json`. */
export async function makeFuzzFixtures(dir: string): Promise<FuzzFixture[]> {
  const out: FuzzFixture[] = [];
  for (const r of RECIPES) {
    const sub = join(dir, r.name);
    const path = await makeBloatedDisk(sub, { ...r, smallFiles: 12, largeFilesKiB: [120, 500], garbageMiB: 1 });
    const bytes = new Uint8Array(await readFile(path));
    const v = await openVhdx(new MemoryBlockFile(bytes));
    out.push({ name: r.name, path, targets: [...vhdxTargets(v), ...ext4Targets(v, groupZero(join(sub, "disk.raw")))] });
  }
  // The dirty-log copy of the first fixture: its log entry is a target too.
  const first = out[0];
  const dirty = await dirtyLogCopy(new Uint8Array(await readFile(first.path)));
  const dirtyPath = join(dir, "dirty-log.vhdx");
  await writeFile(dirtyPath, dirty);
  const v = await openVhdx(new MemoryBlockFile(dirty.slice()));
  out.push({ name: "dirty-log", path: dirtyPath, targets: [...first.targets, { name: "log-entry", fileOffset: v.header.logOffset, length: 3 * 4096, fixup: "log-entry-crc" }] });
  await writeFile(join(dir, "fixtures.json"), JSON.stringify(out));
  return out;
}

/** Loads what {@link makeFuzzFixtures} wrote. */
export async function loadFuzzFixtures(dir: string): Promise<Array<FuzzFixture & { bytes: Uint8Array }>> {
  const list = JSON.parse(await readFile(join(dir, "fixtures.json"), "utf8")) as FuzzFixture[];
  return Promise.all(list.map(async (f) => ({ ...f, bytes: new Uint8Array(await readFile(f.path)) })));
}
