/**
 * An ext filesystem opened for reading: the disk, where the filesystem starts, its superblock, and
 * range-checked block reads. Large reads are coalesced here so the reader stays sequential and fast.
 * @module
 */
import type { VirtualDisk } from "../io/virtual_disk.ts";
import { distrust } from "./distrust.ts";
import type { Superblock } from "./superblock.ts";

/** The longest single read the reader issues (keeps memory bounded on huge filesystems). */
export const MAX_READ_BYTES = 16 * 1024 * 1024;

/** A filesystem on a disk, as the reader sees it. */
export interface Volume {
  disk: VirtualDisk;
  /** Byte offset of the filesystem in the disk. */
  offset: number;
  sb: Superblock;
  /** crc32c seed when metadata_csum is on. */
  csumSeed?: number;
}

/** Reads `count` blocks from `start`, refusing blocks outside the filesystem. */
export function readBlocks(vol: Volume, start: number, count: number): Promise<Uint8Array> {
  if (!Number.isSafeInteger(start) || start < 0 || start + count > vol.sb.blocksCount) {
    distrust(`metadata points at block ${start}, outside the filesystem (${vol.sb.blocksCount} blocks)`);
  }
  return vol.disk.readAt(vol.offset + start * vol.sb.blockSize, count * vol.sb.blockSize);
}

/**
 * Reads one block for each entry of `blocks` (any order, duplicates allowed), merging runs of
 * consecutive block numbers into single reads, and hands each block to `use` with its index.
 */
export async function readEachBlock(
  vol: Volume,
  blocks: readonly number[],
  use: (index: number, bytes: Uint8Array) => void,
): Promise<void> {
  const bs = vol.sb.blockSize;
  const order = blocks.map((_, i) => i).sort((a, b) => blocks[a] - blocks[b]);
  const maxRun = Math.max(1, Math.floor(MAX_READ_BYTES / bs));
  let i = 0;
  while (i < order.length) {
    const first = blocks[order[i]];
    let j = i + 1;
    while (j < order.length && blocks[order[j]] - first <= maxRun - 1 && blocks[order[j]] - blocks[order[j - 1]] <= 1) j++;
    const span = blocks[order[j - 1]] - first + 1;
    const bytes = await readBlocks(vol, first, span);
    for (let k = i; k < j; k++) {
      const rel = (blocks[order[k]] - first) * bs;
      use(order[k], bytes.subarray(rel, rel + bs));
    }
    i = j;
  }
}
