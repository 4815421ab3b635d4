/**
 * Where an inode's logical blocks live: the runs of an extent tree (ifork.rst) or of the classic
 * block map (12 direct, then single, double and triple indirect pointers), in logical order, for
 * reading a directory's or a small file's contents. Work is bounded by the logical range asked
 * for, so a damaged map cannot make the reader loop or read the whole disk.
 * @module
 */
import { crc32cLe } from "../checksum/crc32c.ts";
import { distrust } from "./distrust.ts";
import { INODE_FLAG, inodeChecksumSeed } from "./inode.ts";
import type { Inode } from "./inode.ts";
import { readBlocks } from "./volume.ts";
import type { Volume } from "./volume.ts";
import { DIRECT_SLOTS, EXT_INIT_MAX_LEN, EXTENT_ENTRY_SIZE, EXTENT_HEADER_SIZE, EXTENT_MAGIC, MAX_EXTENT_DEPTH } from "./inode_blocks.ts";

/** A run of logical blocks stored contiguously; `unwritten` runs read as zeros. */
export interface FileRun {
  logical: number;
  physical: number;
  length: number;
  unwritten: boolean;
}

/** Index and indirect blocks visited per inode before the map counts as damaged (loops, cross-links). */
const MAX_MAP_BLOCKS = 1 << 20;

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

/** The runs covering logical blocks [0, `blockCount`) of `inode`, holes left out, sorted by logical block. */
export async function mapFileRuns(vol: Volume, inode: Inode, blockCount: number): Promise<FileRun[]> {
  const runs: FileRun[] = [];
  const budget = { blocks: MAX_MAP_BLOCKS };
  if (inode.flags & INODE_FLAG.EXTENTS) await extentRuns(vol, inode, inode.iBlock, -1, blockCount, runs, budget);
  else await blockMapRuns(vol, inode, blockCount, runs, budget);
  for (let i = 1; i < runs.length; i++) {
    if (runs[i].logical < runs[i - 1].logical + runs[i - 1].length) distrust(`inode ${inode.number}: overlapping or unsorted extents`);
  }
  return runs;
}

interface Budget {
  blocks: number;
}

async function mapBlock(vol: Volume, inode: Inode, block: number, budget: Budget): Promise<Uint8Array> {
  if (--budget.blocks < 0) distrust(`inode ${inode.number}: block map too large (loop?)`);
  return await readBlocks(vol, block, 1);
}

async function extentRuns(
  vol: Volume, inode: Inode, node: Uint8Array, expectedDepth: number, limit: number, out: FileRun[], budget: Budget,
): Promise<void> {
  if (u16(node, 0) !== EXTENT_MAGIC) distrust(`inode ${inode.number}: extent header magic missing`);
  const entries = u16(node, 2);
  const max = u16(node, 4);
  const depth = u16(node, 6);
  const capacity = Math.floor((node.length - EXTENT_HEADER_SIZE) / EXTENT_ENTRY_SIZE);
  if (max > capacity || entries > max) distrust(`inode ${inode.number}: extent node claims ${entries}/${max} entries in room for ${capacity}`);
  if (depth > MAX_EXTENT_DEPTH || (expectedDepth >= 0 && depth !== expectedDepth)) distrust(`inode ${inode.number}: extent tree depth ${depth} is inconsistent`);
  for (let i = 0; i < entries; i++) {
    const e = EXTENT_HEADER_SIZE + i * EXTENT_ENTRY_SIZE;
    const logical = u32(node, e);
    if (logical >= limit) break;
    if (depth === 0) {
      const raw = u16(node, e + 4);
      const length = raw > EXT_INIT_MAX_LEN ? raw - EXT_INIT_MAX_LEN : raw;
      if (length === 0) distrust(`inode ${inode.number}: zero-length extent`);
      const physical = u32(node, e + 8) + u16(node, e + 6) * 2 ** 32;
      out.push({ logical, physical, length: Math.min(length, limit - logical), unwritten: raw > EXT_INIT_MAX_LEN });
    } else {
      const child = await mapBlock(vol, inode, u32(node, e + 4) + u16(node, e + 8) * 2 ** 32, budget);
      verifyExtentBlock(vol, inode, child);
      await extentRuns(vol, inode, child, depth - 1, limit, out, budget);
    }
  }
}

function verifyExtentBlock(vol: Volume, inode: Inode, b: Uint8Array): void {
  if (vol.csumSeed === undefined) return;
  const tail = EXTENT_HEADER_SIZE + u16(b, 4) * EXTENT_ENTRY_SIZE;
  if (u16(b, 0) !== EXTENT_MAGIC || tail + 4 > b.length) distrust(`inode ${inode.number}: extent block is not an extent block`);
  const expected = crc32cLe(inodeChecksumSeed(vol.csumSeed, inode.number, inode.generation), b.subarray(0, tail));
  if (expected !== u32(b, tail)) distrust(`inode ${inode.number}: extent block checksum mismatch`);
}

async function blockMapRuns(vol: Volume, inode: Inode, limit: number, out: FileRun[], budget: Budget): Promise<void> {
  const add = (logical: number, physical: number) => {
    const last = out[out.length - 1];
    if (last && last.logical + last.length === logical && last.physical + last.length === physical) last.length++;
    else out.push({ logical, physical, length: 1, unwritten: false });
  };
  for (let i = 0; i < DIRECT_SLOTS && i < limit; i++) {
    const p = u32(inode.iBlock, i * 4);
    if (p) add(i, p);
  }
  const perBlock = vol.sb.blockSize / 4;
  let base = DIRECT_SLOTS;
  for (let level = 1; level <= 3 && base < limit; level++) {
    const p = u32(inode.iBlock, (DIRECT_SLOTS + level - 1) * 4);
    if (p) await indirectRuns(vol, inode, p, level, base, limit, add, budget);
    base += perBlock ** level;
  }
}

async function indirectRuns(
  vol: Volume, inode: Inode, block: number, level: number, base: number, limit: number,
  add: (logical: number, physical: number) => void, budget: Budget,
): Promise<void> {
  const b = await mapBlock(vol, inode, block, budget);
  const span = (vol.sb.blockSize / 4) ** (level - 1);
  for (let i = 0; i < vol.sb.blockSize / 4; i++) {
    const logical = base + i * span;
    if (logical >= limit) return;
    const p = u32(b, i * 4);
    if (!p) continue;
    if (level === 1) add(logical, p);
    else await indirectRuns(vol, inode, p, level - 1, logical, limit, add, budget);
  }
}
