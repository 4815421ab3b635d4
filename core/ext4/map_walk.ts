/**
 * The one reader of an inode's block map: an extent tree (kernel Documentation/filesystems/ext4/
 * ifork.rst) or the classic map of 12 direct, then single, double and triple indirect pointers.
 * It reports data runs with their logical position and every map block (extent index/leaf block,
 * indirect block) it reads; under metadata_csum each extent block's tail checksum is verified.
 * Work is budgeted (map blocks read per inode) and bounded by the logical range asked for, so a
 * damaged map cannot make a reader loop or read the whole disk. Both the file reader
 * (file_map.ts) and the owner walk (inode_blocks.ts) use it.
 * @module
 */
import { crc32cLe } from "../checksum/crc32c.ts";
import { distrust } from "./distrust.ts";
import { INODE_FLAG, inodeChecksumSeed } from "./inode.ts";
import type { Inode } from "./inode.ts";
import { u16, u32, u48 } from "./le.ts";

/** eh_magic (ifork.rst). */
export const EXTENT_MAGIC = 0xf30a;
export const EXTENT_HEADER_SIZE = 12;
export const EXTENT_ENTRY_SIZE = 12;
/** The kernel never builds deeper trees (EXT4_MAX_EXTENT_DEPTH). */
export const MAX_EXTENT_DEPTH = 5;
/** ee_len above this marks an uninitialized (preallocated, still allocated) extent of ee_len - 32768 blocks. */
export const EXT_INIT_MAX_LEN = 32768;
/** i_block slots of the classic map. */
export const DIRECT_SLOTS = 12;

/**
 * Map blocks read per inode before the map counts as damaged (a loop or cross-link). The fullest
 * classic map (4 KiB blocks: 1024 pointers per block) needs 1 + 1024 + 1024² indirect blocks;
 * extent trees of real files need far fewer.
 */
export const MAX_MAP_BLOCKS = 1 << 21;

/** What the walk needs: block reads and, under metadata_csum, the filesystem checksum seed. */
export interface MapSource {
  blockSize: number;
  readBlock(block: number): Promise<Uint8Array>;
  /** Filesystem checksum seed when metadata_csum is on: extent block tails are then verified. */
  csumSeed?: number;
}

/** Receives what the walk finds, in logical order. */
export interface MapSink {
  /** `length` blocks of data at logical block `logical`, stored from `physical`; `unwritten` reads as zeros. */
  data(logical: number, physical: number, length: number, unwritten: boolean): void;
  /** A map block the inode owns, before the walk reads it. */
  mapBlock(block: number): void;
}

/**
 * Walks the block map of `inode` (whose i_block holds block pointers) over logical blocks
 * [0, `limit`) — `Infinity` for all of it — telling `sink` each data run and map block.
 * Distrusts (with the reason) a map that does not parse or exceeds {@link MAX_MAP_BLOCKS}.
 * @example
 * await walkMap(source, inode, Infinity, { data: (l, p, n) => console.log(l, p, n), mapBlock() {} });
 */
export async function walkMap(src: MapSource, inode: Inode, limit: number, sink: MapSink): Promise<void> {
  const walk = { src, inode, limit, sink, budget: MAX_MAP_BLOCKS };
  if (inode.flags & INODE_FLAG.EXTENTS) await extentNode(walk, inode.iBlock, -1);
  else await blockMap(walk);
}

/**
 * Walks the map as {@link walkMap} does when all of it sits in i_block (an extent tree of depth 0,
 * or a classic map without indirect blocks: most files), without waiting; returns false, having
 * told `sink` nothing, when the map needs block reads (then call {@link walkMap}).
 */
export function walkMapNow(src: MapSource, inode: Inode, limit: number, sink: MapSink): boolean {
  const walk = { src, inode, limit, sink, budget: MAX_MAP_BLOCKS };
  const { iBlock } = inode;
  if (inode.flags & INODE_FLAG.EXTENTS) {
    if (u16(iBlock, 0) !== EXTENT_MAGIC || u16(iBlock, 6) !== 0) return false;
    leafEntries(walk, iBlock, extentHeader(walk, iBlock, 0).entries);
    return true;
  }
  for (let level = 1; level <= 3; level++) if (u32(iBlock, (DIRECT_SLOTS + level - 1) * 4) !== 0) return false;
  directSlots(walk);
  return true;
}

interface Walk {
  src: MapSource;
  inode: Inode;
  limit: number;
  sink: MapSink;
  budget: number;
}

async function readMapBlock(w: Walk, block: number): Promise<Uint8Array> {
  if (--w.budget < 0) distrust(`inode ${w.inode.number}: block map too large (loop?)`);
  w.sink.mapBlock(block);
  return await w.src.readBlock(block);
}

/** Checks an extent node's header; returns its entry count and depth. */
function extentHeader(w: Walk, node: Uint8Array, expectedDepth: number): { entries: number; depth: number } {
  const where = `inode ${w.inode.number}`;
  if (u16(node, 0) !== EXTENT_MAGIC) distrust(`${where}: extent header magic missing`);
  const entries = u16(node, 2);
  const max = u16(node, 4);
  const depth = u16(node, 6);
  const capacity = Math.floor((node.length - EXTENT_HEADER_SIZE) / EXTENT_ENTRY_SIZE);
  if (max > capacity || entries > max) distrust(`${where}: extent node claims ${entries}/${max} entries in room for ${capacity}`);
  if (depth > MAX_EXTENT_DEPTH || (expectedDepth >= 0 && depth !== expectedDepth)) distrust(`${where}: extent tree depth ${depth} is inconsistent`);
  return { entries, depth };
}

/** Reads an extent index/leaf block and verifies its tail checksum (ext4_extent_tail, ifork.rst). */
async function extentBlock(w: Walk, block: number): Promise<Uint8Array> {
  const b = await readMapBlock(w, block);
  const seed = w.src.csumSeed;
  if (seed !== undefined) {
    const { inode } = w;
    const tail = EXTENT_HEADER_SIZE + u16(b, 4) * EXTENT_ENTRY_SIZE;
    if (u16(b, 0) !== EXTENT_MAGIC || tail + 4 > b.length) distrust(`inode ${inode.number}: extent block ${block} is not an extent block`);
    const expected = crc32cLe(inodeChecksumSeed(seed, inode.number, inode.generation), b.subarray(0, tail));
    if (expected !== u32(b, tail)) distrust(`inode ${inode.number}: extent block ${block} checksum mismatch`);
  }
  return b;
}

async function extentNode(w: Walk, node: Uint8Array, expectedDepth: number): Promise<void> {
  const { entries, depth } = extentHeader(w, node, expectedDepth);
  if (depth === 0) {
    leafEntries(w, node, entries);
    return;
  }
  for (let i = 0; i < entries; i++) {
    const e = EXTENT_HEADER_SIZE + i * EXTENT_ENTRY_SIZE;
    if (u32(node, e) >= w.limit) break;
    await extentNode(w, await extentBlock(w, u48(node, e + 4, e + 8)), depth - 1);
  }
}

/** The extents of a leaf node (header already checked). */
function leafEntries(w: Walk, node: Uint8Array, entries: number): void {
  for (let i = 0; i < entries; i++) {
    const e = EXTENT_HEADER_SIZE + i * EXTENT_ENTRY_SIZE;
    const logical = u32(node, e);
    if (logical >= w.limit) break;
    const raw = u16(node, e + 4);
    const length = raw > EXT_INIT_MAX_LEN ? raw - EXT_INIT_MAX_LEN : raw;
    if (length === 0) distrust(`inode ${w.inode.number}: zero-length extent`);
    w.sink.data(logical, u48(node, e + 8, e + 6), Math.min(length, w.limit - logical), raw > EXT_INIT_MAX_LEN);
  }
}

function directSlots(w: Walk): void {
  for (let i = 0; i < DIRECT_SLOTS && i < w.limit; i++) {
    const p = u32(w.inode.iBlock, i * 4);
    if (p) w.sink.data(i, p, 1, false);
  }
}

async function blockMap(w: Walk): Promise<void> {
  const { iBlock } = w.inode;
  directSlots(w);
  const perBlock = w.src.blockSize / 4;
  let base = DIRECT_SLOTS;
  for (let level = 1; level <= 3 && base < w.limit; level++) {
    const p = u32(iBlock, (DIRECT_SLOTS + level - 1) * 4);
    if (p) await indirect(w, p, level, base);
    base += perBlock ** level;
  }
}

async function indirect(w: Walk, block: number, level: number, base: number): Promise<void> {
  const b = await readMapBlock(w, block);
  const perBlock = w.src.blockSize / 4;
  const span = perBlock ** (level - 1);
  for (let i = 0; i < perBlock; i++) {
    const logical = base + i * span;
    if (logical >= w.limit) return;
    const p = u32(b, i * 4);
    if (!p) continue;
    if (level === 1) w.sink.data(logical, p, 1, false);
    else await indirect(w, p, level - 1, logical);
  }
}
