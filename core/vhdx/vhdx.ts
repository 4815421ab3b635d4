/**
 * The opened VHDX: virtual-disk reads through the BAT and the raw layout the in-place
 * compactor needs. Built by `openVhdx`.
 * @module
 */
import { type BlockFile, readIntoOrCopy } from "../io/block_file.ts";
import type { DiskImage, FileLayout } from "../disk/disk_image.ts";
import { type BatEntry, type BatGeometry, PayloadBlockState, payloadEntryIndex, readBatEntry } from "./bat.ts";
import type { Header } from "./header.ts";
import type { DiskParameters, MetadataEntry } from "./metadata.ts";
import type { RegionTable } from "./region_table.ts";
import { fileLayoutOf } from "./file_layout.ts";

/** An opened VHDX file. */
export interface Vhdx extends DiskImage {
  // Size, block size, sector sizes, diskId (the page-83 Virtual Disk ID, an upper-case GUID string),
  // fileSize, blockCount, blockFileOffset (0 unless FULLY_PRESENT) and readBlockInto come from DiskImage.
  /** True when an unreplayed log was replayed in memory (reads see it; the file is unchanged). */
  readonly hasActiveLog: boolean;
  readonly leaveBlockAllocated: boolean;
  /** The current header and which copy (0 at 64 KiB, 1 at 128 KiB) it is. */
  readonly header: Header;
  readonly headerIndex: 0 | 1;
  /** The region table in use (BAT and metadata locations, plus any optional regions). */
  readonly regions: RegionTable;
  readonly metadataEntries: readonly MetadataEntry[];
  readonly geometry: BatGeometry;
  /** State of payload block `i`. */
  blockState(i: number): PayloadBlockState;
  /** BAT entry index of payload block `i` (interleaving with sector-bitmap entries). */
  batEntryIndex(i: number): number;
  /** Decoded raw BAT entry at BAT index `entry` (payload or sector bitmap). */
  rawBatEntry(entry: number): BatEntry;
  /** Bytes in FULLY_PRESENT blocks (block count × block size). */
  allocatedBytes(): number;
  /** The whole block `i` (blockSize bytes), or null when not present, zero or unmapped. */
  readBlock(i: number): Promise<Uint8Array | null>;
}

/** What `openVhdx` has parsed and checked. */
export interface VhdxParts {
  source: BlockFile;
  fileSize: number;
  header: Header;
  headerIndex: 0 | 1;
  regions: RegionTable;
  metadataEntries: MetadataEntry[];
  params: DiskParameters;
  geometry: BatGeometry;
  bat: Uint8Array;
  hasActiveLog: boolean;
}

/** {@link Vhdx} over parsed parts; reads go through `source` (the file or its replay overlay). */
export class VhdxImage implements Vhdx {
  readonly size: number;
  readonly virtualSize: number;
  readonly logicalSectorSize: number;
  readonly physicalSectorSize: number;
  readonly blockSize: number;
  readonly diskId: string;
  readonly fileSize: number;
  readonly blockCount: number;
  readonly hasActiveLog: boolean;
  readonly leaveBlockAllocated: boolean;
  readonly header: Header;
  readonly headerIndex: 0 | 1;
  readonly regions: RegionTable;
  readonly metadataEntries: readonly MetadataEntry[];
  readonly geometry: BatGeometry;
  #source: BlockFile;
  #bat: Uint8Array;

  constructor(p: VhdxParts) {
    this.size = this.virtualSize = p.params.virtualSize;
    this.logicalSectorSize = p.params.logicalSectorSize;
    this.physicalSectorSize = p.params.physicalSectorSize;
    this.blockSize = p.params.blockSize;
    this.diskId = p.params.diskId;
    this.leaveBlockAllocated = p.params.leaveBlockAllocated;
    this.fileSize = p.fileSize;
    this.blockCount = p.geometry.blockCount;
    this.hasActiveLog = p.hasActiveLog;
    this.header = p.header;
    this.headerIndex = p.headerIndex;
    this.regions = p.regions;
    this.metadataEntries = p.metadataEntries;
    this.geometry = p.geometry;
    this.#source = p.source;
    this.#bat = p.bat;
  }

  batEntryIndex(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.blockCount) throw new RangeError(`block ${i} is outside 0..${this.blockCount - 1}`);
    return payloadEntryIndex(i, this.geometry.chunkRatio);
  }
  rawBatEntry(entry: number): BatEntry {
    if (!Number.isInteger(entry) || entry < 0 || entry >= this.geometry.entryCount) throw new RangeError(`BAT entry ${entry} is outside the table`);
    return readBatEntry(this.#bat, entry);
  }
  blockState(i: number): PayloadBlockState {
    return this.rawBatEntry(this.batEntryIndex(i)).state;
  }
  isBlockPresent(i: number): boolean {
    return this.blockState(i) === PayloadBlockState.FullyPresent;
  }
  fileLayout(): FileLayout {
    return fileLayoutOf(this);
  }
  blockFileOffset(i: number): number {
    const e = this.rawBatEntry(this.batEntryIndex(i));
    return e.state === PayloadBlockState.FullyPresent ? e.fileOffset : 0;
  }
  allocatedBytes(): number {
    let n = 0;
    for (let i = 0; i < this.blockCount; i++) if (this.blockState(i) === PayloadBlockState.FullyPresent) n++;
    return n * this.blockSize;
  }
  readBlock(i: number): Promise<Uint8Array | null> {
    const offset = this.blockFileOffset(i);
    return offset === 0 ? Promise.resolve(null) : this.#source.read(offset, this.blockSize);
  }
  async readBlockInto(i: number, within: number, target: Uint8Array): Promise<boolean> {
    if (within < 0 || within + target.length > this.blockSize) throw new RangeError(`bytes ${within}+${target.length} are outside a ${this.blockSize}-byte block`);
    const offset = this.blockFileOffset(i);
    if (offset === 0) return false;
    await readIntoOrCopy(this.#source, offset + within, target);
    return true;
  }

  /** Reads virtual contents; touches only the blocks in range and merges file-contiguous blocks into one read. */
  async readAt(offset: number, length: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > this.size) {
      throw new RangeError(`read of ${length} bytes at ${offset} is outside the ${this.size}-byte disk`);
    }
    const out = new Uint8Array(length);
    let pos = offset;
    while (pos < offset + length) {
      const block = Math.floor(pos / this.blockSize);
      const within = pos - block * this.blockSize;
      const fileStart = this.blockFileOffset(block);
      let runEnd = Math.min(offset + length, (block + 1) * this.blockSize);
      // Extend the run while the next block is present and sits right after this one in the file.
      for (let next = block + 1; fileStart !== 0 && runEnd < offset + length; next++) {
        if (this.blockFileOffset(next) !== fileStart + (next - block) * this.blockSize) break;
        runEnd = Math.min(offset + length, (next + 1) * this.blockSize);
      }
      // Straight into the result: no second buffer per read (a metadata scan makes hundreds of thousands).
      if (fileStart !== 0) await readIntoOrCopy(this.#source, fileStart + within, out.subarray(pos - offset, runEnd - offset));
      pos = runEnd;
    }
    return out;
  }
}
