/**
 * Random access to inodes by number (kernel Documentation/filesystems/ext4/inodes.rst "Finding an
 * Inode"): group = (n − 1) / s_inodes_per_group, slot = (n − 1) mod it, in that group's inode table.
 * Inode tables are read in aligned chunks kept in a small LRU cache, so a directory walk, whose
 * inodes mostly sit next to each other, costs one read per chunk rather than one per inode.
 * @module
 */
import { distrust } from "./distrust.ts";
import { hasGroupChecksums } from "./features.ts";
import { BG_INODE_UNINIT } from "./group_desc.ts";
import type { GroupDesc } from "./group_desc.ts";
import { extraIsizeFits, inodeChecksumMatches, parseInode } from "./inode.ts";
import type { Inode } from "./inode.ts";
import { readBlocks } from "./volume.ts";
import type { Volume } from "./volume.ts";

/** Bytes of inode table read at once (the cache unit). */
const CHUNK_BYTES = 64 * 1024;
/** Chunks kept: 4 MiB of inode tables. */
const CACHE_CHUNKS = 64;

/** An inode with the raw bytes it was parsed from (inline data and in-inode xattrs live there). */
export interface LoadedInode {
  inode: Inode;
  raw: Uint8Array;
}

/** Reads inodes by number through a chunk cache; refuses numbers and inodes that cannot be right. */
export class InodeTable {
  readonly #vol: Volume;
  readonly #groups: readonly GroupDesc[];
  readonly #cache = new Map<number, Uint8Array>();
  readonly #blocksPerChunk: number;

  constructor(vol: Volume, groups: readonly GroupDesc[]) {
    this.#vol = vol;
    this.#groups = groups;
    this.#blocksPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / vol.sb.blockSize));
  }

  /**
   * Loads inode `n`. Distrusts (with the reason) a number outside the filesystem, an inode in the
   * uninitialised part of its group, a free inode (links 0, mode 0), a bad i_extra_isize and, under
   * metadata_csum, a checksum mismatch.
   */
  async load(n: number): Promise<LoadedInode> {
    const { sb } = this.#vol;
    if (!Number.isSafeInteger(n) || n < 1 || n > sb.inodesCount) distrust(`inode number ${n} is outside the filesystem`);
    const group = Math.floor((n - 1) / sb.inodesPerGroup);
    const slot = (n - 1) % sb.inodesPerGroup;
    const d = this.#groups[group];
    if (hasGroupChecksums(sb) && ((d.flags & BG_INODE_UNINIT) || slot >= sb.inodesPerGroup - d.itableUnused)) {
      distrust(`inode ${n} lies in the unused part of group ${group}'s inode table`);
    }
    const byte = slot * sb.inodeSize;
    const blockInTable = Math.floor(byte / sb.blockSize);
    const chunkIndex = Math.floor(blockInTable / this.#blocksPerChunk);
    const chunk = await this.#chunk(d, group, chunkIndex);
    const at = byte - chunkIndex * this.#blocksPerChunk * sb.blockSize;
    const raw = chunk.subarray(at, at + sb.inodeSize);
    const inode = parseInode(n, raw);
    if (inode.linksCount === 0 && inode.mode === 0) distrust(`inode ${n} is not in use`);
    if (!extraIsizeFits(inode, sb.inodeSize)) distrust(`inode ${n} has an impossible i_extra_isize ${inode.extraIsize}`);
    if (this.#vol.csumSeed !== undefined && !inodeChecksumMatches(this.#vol.csumSeed, inode, raw)) distrust(`inode ${n} checksum mismatch`);
    return { inode, raw };
  }

  async #chunk(d: GroupDesc, group: number, chunkIndex: number): Promise<Uint8Array> {
    const key = group * 1e6 + chunkIndex;
    const hit = this.#cache.get(key);
    if (hit) {
      this.#cache.delete(key);
      this.#cache.set(key, hit);
      return hit;
    }
    const { sb } = this.#vol;
    const tableBlocks = Math.ceil((sb.inodesPerGroup * sb.inodeSize) / sb.blockSize);
    const first = chunkIndex * this.#blocksPerChunk;
    const bytes = await readBlocks(this.#vol, d.inodeTable + first, Math.min(this.#blocksPerChunk, tableBlocks - first));
    if (this.#cache.size >= CACHE_CHUNKS) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(key, bytes);
    return bytes;
  }
}
