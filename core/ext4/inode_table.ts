/**
 * Random access to inodes by number (kernel Documentation/filesystems/ext4/inodes.rst "Finding an
 * Inode"): group = (n − 1) / s_inodes_per_group, slot = (n − 1) mod it, in that group's inode table.
 * Inode tables are read in aligned chunks kept in a small LRU cache, so a directory walk, whose
 * inodes mostly sit next to each other, costs one read per chunk rather than one per inode; when two
 * chunks in a row are missed, the next is read ahead, so a walk through a table (a folder's
 * files, allocated together) finds its next chunk read while it parses the current one, and
 * scattered lookups (folders, spread over the groups) read no more than they use.
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
/** Chunks kept: 4 MiB of inode tables (8 MiB raised a million-file walk's peak RSS by ~25 MiB, no faster). */
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
  readonly #cache = new Map<number, Promise<Uint8Array>>();
  /** The chunks of {@link #cache} whose reads have finished, for {@link loadIfRead}. */
  readonly #done = new Map<number, Uint8Array>();
  readonly #blocksPerChunk: number;
  /** Cache key of the last chunk read because it was missed. */
  #lastMiss = -1;

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
    const where = this.#locate(n);
    return this.#parse(n, await this.#chunk(where.d, where.group, where.chunkIndex), where.at);
  }

  /**
   * Inode `n` when its chunk of the table is already read, else undefined (then call {@link load}):
   * a walk through a folder's files takes most of them this way, without waiting. Distrusts as
   * {@link load} does.
   */
  loadIfRead(n: number): LoadedInode | undefined {
    const where = this.#locate(n);
    const chunk = this.#done.get(where.group * 1e6 + where.chunkIndex);
    return chunk ? this.#parse(n, chunk, where.at) : undefined;
  }

  #locate(n: number): { d: GroupDesc; group: number; chunkIndex: number; at: number } {
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
    return { d, group, chunkIndex, at: byte - chunkIndex * this.#blocksPerChunk * sb.blockSize };
  }

  #parse(n: number, chunk: Uint8Array, at: number): LoadedInode {
    const { sb } = this.#vol;
    const raw = chunk.subarray(at, at + sb.inodeSize);
    const inode = parseInode(n, raw);
    if (inode.linksCount === 0 && inode.mode === 0) distrust(`inode ${n} is not in use`);
    if (!extraIsizeFits(inode, sb.inodeSize)) distrust(`inode ${n} has an impossible i_extra_isize ${inode.extraIsize}`);
    if (this.#vol.csumSeed !== undefined && !inodeChecksumMatches(this.#vol.csumSeed, inode, raw)) distrust(`inode ${n} checksum mismatch`);
    return { inode, raw };
  }

  #chunk(d: GroupDesc, group: number, chunkIndex: number): Promise<Uint8Array> {
    const key = group * 1e6 + chunkIndex;
    const hit = this.#cache.get(key);
    if (hit) {
      this.#cache.delete(key);
      this.#cache.set(key, hit);
      return hit;
    }
    const chunk = this.#read(d, key, chunkIndex);
    const sequential = this.#lastMiss === key - 1;
    this.#lastMiss = key;
    const { sb } = this.#vol;
    const tableChunks = Math.ceil(Math.ceil((sb.inodesPerGroup * sb.inodeSize) / sb.blockSize) / this.#blocksPerChunk);
    if (sequential && chunkIndex + 1 < tableChunks && !this.#cache.has(key + 1)) {
      this.#read(d, key + 1, chunkIndex + 1).catch(() => {});
      this.#lastMiss = key + 1;
    }
    return chunk;
  }

  /** Starts reading chunk `chunkIndex` of a group's table into the cache (a failed read leaves the cache). */
  #read(d: GroupDesc, key: number, chunkIndex: number): Promise<Uint8Array> {
    const { sb } = this.#vol;
    const tableBlocks = Math.ceil((sb.inodesPerGroup * sb.inodeSize) / sb.blockSize);
    const first = chunkIndex * this.#blocksPerChunk;
    const bytes = readBlocks(this.#vol, d.inodeTable + first, Math.min(this.#blocksPerChunk, tableBlocks - first));
    if (this.#cache.size >= CACHE_CHUNKS) {
      const oldest = this.#cache.keys().next().value!;
      this.#cache.delete(oldest);
      this.#done.delete(oldest);
    }
    this.#cache.set(key, bytes);
    bytes.then((b) => this.#cache.get(key) === bytes && this.#done.set(key, b), () => this.#cache.get(key) === bytes && this.#cache.delete(key));
    return bytes;
  }
}
