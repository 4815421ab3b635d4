/**
 * Fixtures for the compaction tests: bloated ext disks made with the real mke2fs and debugfs
 * (files, then data written and deleted), and the judges every compaction must pass:
 * `qemu-img check`, `e2fsck -fn` and file-by-file content equality via `debugfs rdump`.
 * @module
 */
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { debugfs, type Ext4ImageOptions, makeExt4Image, mustRun, run, toRaw, toVhdx } from "../support/tools.ts";

import { MiB, patternBytes } from "../support/pattern.ts";

export { MiB, patternBytes };

/** How to build a test disk. */
export interface DiskRecipe extends Ext4ImageOptions {
  /** VHDX block size for qemu-img, e.g. "1M" or "32M". */
  blockSize?: string;
  /** Number of small files (1–9 KiB). */
  smallFiles?: number;
  /** Sizes in KiB of larger files. */
  largeFilesKiB?: number[];
  /** MiB of data written and then deleted (the bloat). */
  garbageMiB?: number;
  /** Files to fallocate (uninitialized extents), with their length in 4 KiB blocks. */
  fallocate?: Array<{ name: string; blocks: number }>;
  /** Virtual disk size when larger than the filesystem; the tail gets garbage. */
  diskSize?: number;
  /** debugfs commands run last (e.g. "ssv state 0" to make it dirty). */
  debugfsAfter?: string[];
}

/** Builds the tree that populates the filesystem. */
async function populate(tree: string, r: DiskRecipe): Promise<void> {
  await mkdir(tree, { recursive: true });
  const small = r.smallFiles ?? 20;
  for (let i = 0; i < small; i++) {
    const sub = join(tree, `d${i % 17}`);
    await mkdir(sub, { recursive: true });
    await writeFile(join(sub, `f${i}.txt`), patternBytes(1024 + (i * 331) % 8192, i + 7));
  }
  for (const [i, kib] of (r.largeFilesKiB ?? [300, 2048]).entries()) {
    await writeFile(join(tree, `large${i}.bin`), patternBytes(kib * 1024, 1000 + i));
  }
}

/**
 * Makes `dir/disk.vhdx` (and `dir/disk.raw`, the same virtual contents) per `r`.
 * @returns the VHDX path
 */
export async function makeBloatedDisk(dir: string, r: DiskRecipe): Promise<string> {
  const tree = join(dir, "tree"), raw = join(dir, "disk.raw"), vhdx = join(dir, "disk.vhdx"), junk = join(dir, "junk.bin");
  await populate(tree, r);
  makeExt4Image(raw, { ...r, populateFrom: tree });
  const cmds: string[] = [];
  if (r.garbageMiB) {
    await writeFile(junk, patternBytes(r.garbageMiB * MiB, 99));
    cmds.push(`write ${junk} junk`, "rm junk");
  }
  for (const f of r.fallocate ?? []) cmds.push(`write /dev/null ${f.name}`, `fallocate ${f.name} 0 ${f.blocks - 1}`);
  cmds.push(...(r.debugfsAfter ?? []));
  if (cmds.length) debugfs(raw, cmds);
  if (r.diskSize) {
    const fsSize = (await stat(raw)).size;
    mustRun("truncate", ["-s", String(r.diskSize), raw]);
    const fh = await (await import("node:fs/promises")).open(raw, "r+");
    await fh.write(patternBytes(MiB + 4096, 5), 0, MiB + 4096, fsSize + 3 * MiB);
    await fh.close();
  }
  toVhdx(raw, vhdx, r.blockSize ?? "1M");
  return vhdx;
}

async function walk(root: string, dir: string, out: Map<string, string>): Promise<void> {
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      out.set(relative(root, p) + "/", "dir");
      await walk(root, p, out);
    } else out.set(relative(root, p), createHash("sha256").update(await readFile(p)).digest("hex"));
  }
}

/** Path → SHA-256 of every file in the ext filesystem of a raw image (`debugfs rdump`). */
export async function fileHashes(raw: string, scratch: string): Promise<Map<string, string>> {
  await mkdir(scratch, { recursive: true });
  mustRun("debugfs", ["-R", `rdump / ${scratch}`, raw]);
  const out = new Map<string, string>();
  await walk(scratch, scratch, out);
  return out;
}

/**
 * The three judges: `qemu-img check` passes, `e2fsck -fn` is clean, and every file equals the
 * source's (`expected` from {@link fileHashes} of the source).
 */
export async function judge(vhdx: string, work: string, expected: Map<string, string>): Promise<void> {
  mustRun("qemu-img", ["check", "-f", "vhdx", vhdx]);
  const raw = join(work, `judge-${Date.now()}-${Math.random().toString(36).slice(2)}.raw`);
  toRaw(vhdx, raw);
  const fsck = run("e2fsck", ["-fn", raw]);
  if (fsck.status !== 0) throw new Error(`e2fsck -fn found problems (exit ${fsck.status}):\n${fsck.stdout}${fsck.stderr}`);
  const got = await fileHashes(raw, raw + ".files");
  const diff = [...expected].filter(([k, v]) => got.get(k) !== v).map(([k]) => k);
  if (diff.length || got.size !== expected.size) throw new Error(`file contents differ: ${diff.slice(0, 5).join(", ")} (${got.size} vs ${expected.size} entries)`);
  mustRun("rm", ["-rf", raw, raw + ".files"]);
}

/** SHA-256 of a whole file. */
export async function sha256File(path: string): Promise<string> {
  return createHash("sha256").update(await readFile(path)).digest("hex");
}
