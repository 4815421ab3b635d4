/**
 * Fixtures for the ext4 reader tests, built with the real e2fsprogs at test time: a populated
 * source tree, images made from it, and the judges' answers (dumpe2fs free counts and ranges,
 * e2fsck -fn) to compare against.
 * @module
 */
import { mkdir, open, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { analyzeFilesystem } from "../../core/fs/mod.ts";
import type { FilesystemReport } from "../../core/disk/mod.ts";
import { openBlockFile } from "../../core/io/block_file.ts";
import { RawDisk } from "../../core/io/virtual_disk.ts";
import { debugfs, makeExt4Image, mustRun, run } from "../support/tools.ts";
import type { Ext4ImageOptions } from "../support/tools.ts";

/** Deterministic pseudo-random bytes (so fixtures do not compress to nothing and stay reproducible). */
export function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * Writes the source tree `mke2fs -d` copies: 2000 small files in 20 folders, a 3 MiB and a 700 KiB
 * file, a fast and a slow symlink, a sparse file with data at 0, 10 MiB and 70 MiB (the last
 * needs triple-indirect blocks on 1 KiB ext2) and a file of eight runs between holes (an extent
 * tree with an index level).
 */
export async function writeSourceTree(dir: string): Promise<void> {
  for (let d = 0; d < 20; d++) {
    const sub = join(dir, `dir${d}`);
    await mkdir(sub, { recursive: true });
    for (let f = 0; f < 100; f++) await writeFile(join(sub, `f${f}.txt`), `file ${d}/${f} `.repeat(1 + ((d * 100 + f) % 300)));
  }
  await writeFile(join(dir, "big.bin"), noise(3 * 1024 * 1024, 7));
  await writeFile(join(dir, "medium.bin"), noise(700 * 1024, 11));
  mustRun("ln", ["-s", "big.bin", join(dir, "fast-link")]);
  mustRun("ln", ["-s", "dir0/".repeat(20) + "target-of-a-long-symlink", join(dir, "slow-link")]);
  const sparse = await open(join(dir, "sparse.bin"), "w");
  for (const at of [0, 10, 70]) await sparse.write(noise(64 * 1024, at + 1), 0, 64 * 1024, at * 1024 * 1024);
  await sparse.truncate(80 * 1024 * 1024);
  await sparse.close();
  // Eight data runs separated by holes: more extents than i_block holds, so the tree gets an index level.
  const holes = await open(join(dir, "holes.bin"), "w");
  for (let k = 0; k < 8; k++) await holes.write(noise(8192, k + 100), 0, 8192, k * 65536);
  await holes.close();
}

/** Builds an image and applies debugfs commands (if any). */
export function buildImage(path: string, opts: Ext4ImageOptions, commands: string[] = []): void {
  makeExt4Image(path, opts);
  if (commands.length) debugfs(path, commands);
}

/** Runs analyzeFilesystem on a raw image file. */
export async function analyzeImage(path: string, crossCheck = true, sectorSize = 512): Promise<FilesystemReport> {
  const file = await openBlockFile(path, "read");
  try {
    return await analyzeFilesystem(await RawDisk.over(file, sectorSize), { crossCheck });
  } finally {
    await file.close();
  }
}

/** dumpe2fs -h "Free blocks". */
export function dumpe2fsFreeBlocks(path: string): number {
  const m = /^Free blocks:\s+(\d+)/m.exec(mustRun("dumpe2fs", ["-h", path]));
  if (!m) throw new Error("dumpe2fs printed no free block count");
  return Number(m[1]);
}

/**
 * The free units dumpe2fs lists per group ("Free blocks: a-b, c"), as a bit set in our unit
 * numbering (cluster ranges are printed as the first blocks of their first and last clusters).
 */
export function dumpe2fsFreeUnits(path: string, unitCount: number, clusterRatio: number): Uint8Array {
  const bits = new Uint8Array(Math.ceil(unitCount / 8));
  const out = mustRun("dumpe2fs", [path]);
  for (const line of out.split("\n")) {
    const m = /^\s+Free blocks:\s*(.*)$/.exec(line);
    if (!m || !m[1].trim()) continue;
    for (const part of m[1].split(",")) {
      const [a, b = a] = part.trim().split("-").map(Number);
      for (let u = a / clusterRatio; u <= b / clusterRatio; u++) bits[u >>> 3] |= 1 << (u & 7);
    }
  }
  return bits;
}

/** True when e2fsck -fn finds nothing to fix. */
export function e2fsckClean(path: string): { clean: boolean; output: string } {
  const r = run("e2fsck", ["-fn", path]);
  return { clean: r.status === 0, output: r.stdout + r.stderr };
}

/** Patches bytes of a file in place. */
export async function patchFile(path: string, offset: number, bytes: Uint8Array): Promise<void> {
  const f = await open(path, "r+");
  try {
    await f.write(bytes, 0, bytes.length, offset);
  } finally {
    await f.close();
  }
}

/** Reads bytes of a file. */
export async function readFileAt(path: string, offset: number, length: number): Promise<Uint8Array> {
  const f = await open(path, "r");
  try {
    const out = new Uint8Array(length);
    await f.read(out, 0, length, offset);
    return out;
  } finally {
    await f.close();
  }
}

/** The physical block of an inode's logical block, via debugfs bmap. */
export function bmap(path: string, file: string, logical: number): number {
  const out = mustRun("debugfs", ["-R", `bmap ${file} ${logical}`, path]);
  return Number(out.trim().split("\n").pop());
}
