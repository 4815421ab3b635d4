/**
 * The free ranges of an ext2/3/4 image as e2fsprogs reports them (`dumpe2fs`: per group
 * `Free blocks: a-b, c, ...`), in bytes of the image. A fixture maker records them with the disk,
 * so the emulated `fstrim` (simulated/tools/wsl_exec.ts) can discard exactly those ranges without
 * reading the file system with the product's own ext4 code.
 * @module
 */
import { mustRun } from "./tools.ts";

/** A byte range of a disk image. */
export interface ByteRange {
  offset: number;
  length: number;
}

/** Free byte ranges of the raw ext image `raw` (whole-disk file system at offset 0), merged and sorted. */
export function freeRangesOf(raw: string, partitionOffset = 0): ByteRange[] {
  const text = mustRun("dumpe2fs", [raw]);
  const blockSize = Number(/^Block size:\s+(\d+)/m.exec(text)?.[1]);
  if (!blockSize) throw new Error(`dumpe2fs printed no block size for ${raw}`);
  const ranges: ByteRange[] = [];
  for (const m of text.matchAll(/^\s+Free blocks: (.*)$/gm)) {
    for (const part of m[1].split(",").map((p) => p.trim()).filter(Boolean)) {
      const [a, b = a] = part.split("-").map(Number);
      ranges.push({ offset: partitionOffset + a * blockSize, length: (b - a + 1) * blockSize });
    }
  }
  ranges.sort((x, y) => x.offset - y.offset);
  const merged: ByteRange[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && last.offset + last.length === r.offset) last.length += r.length;
    else merged.push({ ...r });
  }
  return merged;
}
