/**
 * Fixtures for the usage tests, made by the real tools: a source tree for `mke2fs -d` (hard links
 * within and across folders, a sparse file, an htree folder of thousands of names, deep nesting,
 * fast and slow symlinks, an empty folder), debugfs edits (deleted entries, a hard link debugfs
 * makes), and the VHDX `qemu-img` converts the image to.
 * @module
 */
import { mkdir, open, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { noise } from "../ext4/fixtures.ts";
import { LocalFs } from "../../core/host/local_fs.ts";
import { openDiskTree } from "../../core/usage/disk_tree.ts";
import type { DiskTree } from "../../core/usage/disk_tree.ts";
import { debugfs, makeExt4Image, mustRun, run, toVhdx } from "../support/tools.ts";
import type { Ext4ImageOptions } from "../support/tools.ts";

/** Names in the htree folder. */
export const MANY_FILES = 3000;

/** Writes the source tree `mke2fs -d` copies. */
export async function writeUsageTree(dir: string, manyFiles = MANY_FILES): Promise<void> {
  for (const d of ["etc", "var/log/apt", "data", "other", "empty", "deep/1/2/3/4/5", "many"]) await mkdir(join(dir, d), { recursive: true });
  await writeFile(join(dir, "etc/hostname"), "fixture\n");
  await writeFile(join(dir, "etc/hosts"), "127.0.0.1 localhost\n".repeat(3));
  await writeFile(join(dir, "var/log/syslog"), noise(300 * 1024, 3));
  await writeFile(join(dir, "var/log/apt/history.log"), noise(5000, 4));
  await writeFile(join(dir, "data/a.bin"), noise(200 * 1024, 5));
  mustRun("ln", [join(dir, "data/a.bin"), join(dir, "data/b.bin")]);
  mustRun("ln", [join(dir, "data/a.bin"), join(dir, "other/c.bin")]);
  await writeFile(join(dir, "other/d.txt"), "d".repeat(70));
  await writeFile(join(dir, "deep/1/2/3/4/5/leaf.txt"), noise(9000, 6));
  mustRun("ln", ["-s", "../etc/hosts", join(dir, "data/fast-link")]);
  mustRun("ln", ["-s", "x/".repeat(60) + "far", join(dir, "data/slow-link")]);
  const sparse = await open(join(dir, "sparse.img"), "w");
  await sparse.write(noise(64 * 1024, 7), 0, 64 * 1024, 10 * 1024 * 1024);
  await sparse.truncate(40 * 1024 * 1024);
  await sparse.close();
  for (let i = 0; i < manyFiles; i++) {
    const name = join(dir, "many", `entry-with-a-longer-name-${String(i).padStart(5, "0")}.dat`);
    await writeFile(name, i % 10 === 0 ? noise(100 + i, i + 10) : "");
  }
}

/** debugfs edits after mke2fs: deleted entries in two folders and a hard link made by debugfs. */
export const DEBUGFS_EDITS = [
  "rm /etc/hostname",
  "rm /many/entry-with-a-longer-name-00005.dat",
  "rm /many/entry-with-a-longer-name-00010.dat",
  "ln /var/log/syslog /deep/1/syslog-link",
  "sif /var/log/syslog links_count 2",
];

/**
 * Builds a raw image from `src` with `opts`, indexes its folders (`e2fsck -fD`: mke2fs -d writes
 * them linear; -D rebuilds every folder of more than a block as an htree), applies `edits`, checks
 * it with `e2fsck -fn` and converts it to VHDX.
 */
export function buildUsageImage(raw: string, vhdx: string, src: string, opts: Omit<Ext4ImageOptions, "populateFrom">, edits = DEBUGFS_EDITS): void {
  makeExt4Image(raw, { ...opts, populateFrom: src });
  const indexed = run("e2fsck", ["-fyD", raw]);
  // e2fsck exits 1 when it changed the filesystem (the reindexing), 0 when there was nothing to do.
  if (indexed.status > 1) throw new Error(`e2fsck -fyD exited ${indexed.status}: ${indexed.stdout}`);
  if (edits.length) debugfs(raw, edits);
  mustRun("e2fsck", ["-fn", raw]);
  toVhdx(raw, vhdx);
}

/** debugfs's "Indirect levels" of an htree folder (0: the root indexes the leaves directly). */
export function htreeIndirectLevels(raw: string, path: string): number {
  const m = /Indirect levels: (\d+)/.exec(mustRun("debugfs", ["-R", `htree "${path}"`, raw]));
  if (!m) throw new Error(`${path} is not an htree folder`);
  return Number(m[1]);
}

/** Opens the ext4 inside a VHDX as a tree. */
export function openTree(vhdx: string): Promise<DiskTree> {
  return openDiskTree({ fs: new LocalFs() }, vhdx);
}
