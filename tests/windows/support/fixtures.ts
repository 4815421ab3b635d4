/**
 * Real ext4 distro disks made by the real tools (mke2fs, debugfs, qemu-img): 8 MiB of kept data,
 * 16 MiB of deleted data (free in the bitmaps, still non-zero on disk) and never-written zero space,
 * converted with `qemu-img convert -S 0` so every block is stored, as in a WSL disk that has been
 * written all over. Native compaction drops the free blocks; diskpart and Optimize-VHD only the zero ones.
 * @module
 */
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { debugfs, makeExt4Image, mustRun } from "../../support/tools.ts";
import { freeRangesOf } from "../../support/free_ranges.ts";
import { fileHashes } from "../../compact/support.ts";
import type { ByteRange } from "../../support/free_ranges.ts";

const MiB = 1024 * 1024;

/** A fixture disk and what its filesystem holds. */
export interface DistroDisk {
  path: string;
  /** Bytes in use in the filesystem (blocks in use × block size, from dumpe2fs). */
  usedBytes: number;
  /** Free ranges dumpe2fs reported: what the emulated fstrim discards (simulated/tools/wsl_exec.ts). */
  freeRanges: ByteRange[];
  /** Path → SHA-256 of every file and folder of its ext4 (`debugfs rdump`): what support/judge.ts compares results with. */
  files: ReadonlyMap<string, string>;
}

/** Bytes in use according to the superblock: (blocks − free blocks) × block size. */
function usedBytesOf(raw: string): number {
  const header = mustRun("dumpe2fs", ["-h", raw]);
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(header)?.[1]);
  return (field("Block count") - field("Free blocks")) * field("Block size");
}

/** Makes `<dir>/<name>.vhdx`: a 64 MiB ext4 with kept, deleted and never-written space. */
export async function makeDistroDisk(dir: string, name: string): Promise<DistroDisk> {
  const raw = join(dir, `${name}.raw`);
  const kept = join(dir, `${name}.kept`), deleted = join(dir, `${name}.deleted`);
  writeFileSync(kept, randomBytes(8 * MiB));
  writeFileSync(deleted, randomBytes(16 * MiB));
  makeExt4Image(raw, { size: "64M" });
  debugfs(raw, ["mkdir etc", `write ${kept} etc/kept.bin`, `write ${deleted} deleted.bin`]);
  debugfs(raw, ["rm deleted.bin"]);
  const usedBytes = usedBytesOf(raw);
  const freeRanges = freeRangesOf(raw);
  const files = await fileHashes(raw, join(dir, `${name}.files`));
  if (!files.has("etc/kept.bin")) throw new Error(`debugfs rdump of ${name} lacks etc/kept.bin: ${[...files.keys()].join(", ")}`);
  const path = join(dir, `${name}.vhdx`);
  mustRun("qemu-img", ["convert", "-S", "0", "-f", "raw", "-O", "vhdx", "-o", "subformat=dynamic,block_size=1M", raw, path]);
  return { path, usedBytes, freeRanges, files };
}
