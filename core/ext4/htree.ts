/**
 * Hashed (htree) directories (kernel Documentation/filesystems/ext4/directory.rst, "Hash Tree
 * Directories"): logical block 0 holds dx_root ("." and ".." then the root info and a dx_entry
 * array), optional levels of dx_node blocks follow, and the leaves are ordinary linear blocks.
 * Listing reads every leaf, so the index only has to be told apart from the leaves and checked:
 * its structure, its dx_tail checksums under metadata_csum, and that it points inside the directory.
 * @module
 */
import { crc32cLe } from "../checksum/crc32c.ts";
import { distrust } from "./distrust.ts";
import { u16, u32 } from "./le.ts";

/** dx_root layout: "." (12 bytes), ".." (12), dx_root_info (8) at 24, dx_countlimit at 32. */
const ROOT_INFO_OFFSET = 24;
const ROOT_COUNT_OFFSET = 32;
/** dx_node: a fake dirent (inode 0, rec_len = block) of 8 bytes, then dx_countlimit. */
const NODE_COUNT_OFFSET = 8;
const DX_ENTRY_SIZE = 8;
/** dx_tail: dt_reserved u32, dt_checksum u32. */
const DX_TAIL_SIZE = 8;
/** dx_root_info.info_length is always 8. */
const ROOT_INFO_LENGTH = 8;
/** Highest hash version defined (DX_HASH_SIPHASH, used by casefolded encrypted directories). */
const MAX_HASH_VERSION = 6;
/** Index levels below the root: at most 1, or 2 with the largedir feature (ext4_dir_htree_level − 1). */
export const MAX_INDIRECT_LEVELS = 1;
export const MAX_INDIRECT_LEVELS_LARGEDIR = 2;

/** What an index block points at. */
interface DxBlock {
  /** Logical blocks of the next level (children). */
  children: number[];
}

/** Reads the logical directory block `n` (for the index walk). */
export type ReadDirBlock = (logical: number) => Promise<Uint8Array | undefined>;

/**
 * Walks the index of an htree directory and returns the logical blocks that are index blocks
 * (never to be parsed as entries). `inodeSeed` is the directory's checksum seed under metadata_csum.
 */
export async function htreeIndexBlocks(
  readBlock: ReadDirBlock, blockCount: number, maxIndirect: number, inodeSeed: number | undefined, where: string,
): Promise<Set<number>> {
  const root = await readBlock(0);
  if (!root) distrust(`${where}: htree root block is missing`);
  const info = parseRoot(root, maxIndirect, inodeSeed, where);
  const index = new Set<number>([0]);
  let level = info.children;
  for (let depth = 0; depth < info.indirectLevels; depth++) {
    const next: number[] = [];
    for (const logical of level) {
      checkChild(logical, blockCount, index, where);
      index.add(logical);
      const node = await readBlock(logical);
      if (!node) distrust(`${where}: htree node block ${logical} is missing`);
      next.push(...parseNode(node, inodeSeed, `${where} htree node ${logical}`).children);
    }
    level = next;
  }
  for (const logical of level) checkChild(logical, blockCount, index, where);
  return index;
}

function checkChild(logical: number, blockCount: number, index: Set<number>, where: string): void {
  if (logical >= blockCount || index.has(logical)) distrust(`${where}: htree points at block ${logical}, outside the directory or at an index block`);
}

function parseRoot(b: Uint8Array, maxIndirect: number, inodeSeed: number | undefined, where: string) {
  const dotOk = u32(b, 0) !== 0 && u16(b, 4) === 12 && b[6] === 1 && b[8] === 0x2e;
  const dotdotOk = u16(b, 16) === b.length - 12 && b[18] === 2 && b[20] === 0x2e && b[21] === 0x2e;
  if (!dotOk || !dotdotOk) distrust(`${where}: htree root does not start with "." and ".."`);
  const hashVersion = b[ROOT_INFO_OFFSET + 4];
  const infoLength = b[ROOT_INFO_OFFSET + 5];
  const indirectLevels = b[ROOT_INFO_OFFSET + 6];
  if (infoLength !== ROOT_INFO_LENGTH) distrust(`${where}: htree root info length ${infoLength} is not 8`);
  if (hashVersion > MAX_HASH_VERSION) distrust(`${where}: unknown htree hash version ${hashVersion}`);
  if (indirectLevels > maxIndirect) distrust(`${where}: htree has ${indirectLevels + 1} index levels, more than allowed`);
  const { children } = countedEntries(b, ROOT_COUNT_OFFSET, inodeSeed, where);
  return { indirectLevels, children };
}

function parseNode(b: Uint8Array, inodeSeed: number | undefined, where: string): DxBlock {
  // A rec_len of the whole block; 64 KiB blocks store it as 65535 or 0 (ext4_rec_len_to_disk).
  const rec = u16(b, 4);
  const wholeBlock = rec === b.length || (b.length >= 65536 && (rec === 65535 || rec === 0));
  if (u32(b, 0) !== 0 || !wholeBlock) distrust(`${where}: not an htree node`);
  return countedEntries(b, NODE_COUNT_OFFSET, inodeSeed, where);
}

/** dx_countlimit {limit u16, count u16} then count dx_entries {hash u32, block u32} (entry 0's hash slot is the countlimit). */
function countedEntries(b: Uint8Array, at: number, inodeSeed: number | undefined, where: string): DxBlock {
  const limit = u16(b, at);
  const count = u16(b, at + 2);
  const expected = Math.floor((b.length - at) / DX_ENTRY_SIZE) - (inodeSeed === undefined ? 0 : 1);
  if (limit !== expected) distrust(`${where}: htree limit ${limit}, expected ${expected}`);
  if (count === 0 || count > limit) distrust(`${where}: htree count ${count} with limit ${limit}`);
  if (inodeSeed !== undefined) verifyDxTail(b, at, count, limit, inodeSeed, where);
  const children: number[] = [];
  for (let i = 0; i < count; i++) children.push(u32(b, at + i * DX_ENTRY_SIZE + 4) & 0x0fffffff);
  return { children };
}

/** dx_tail checksum: crc32c over the block up to the last used entry, then dt_reserved, then a zero checksum. */
function verifyDxTail(b: Uint8Array, at: number, count: number, limit: number, seed: number, where: string): void {
  const tail = at + limit * DX_ENTRY_SIZE;
  if (tail + DX_TAIL_SIZE > b.length) distrust(`${where}: htree block has no room for its checksum`);
  let c = crc32cLe(seed, b.subarray(0, at + count * DX_ENTRY_SIZE));
  c = crc32cLe(c, b.subarray(tail, tail + 4));
  c = crc32cLe(c, new Uint8Array(4));
  if (c !== u32(b, tail + 4)) distrust(`${where}: htree block checksum mismatch`);
}
