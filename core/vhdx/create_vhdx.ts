/**
 * Writing a new dynamic VHDX from payload blocks. Layout (the one Windows uses): header section,
 * 1 MiB log at 1 MiB, metadata at 2 MiB, BAT at 3 MiB, then payload blocks appended 1 MiB aligned.
 * @module
 */
import type { BlockFile } from "../io/block_file.ts";
import { BAT_ENTRY_SIZE, batGeometry, encodeBatEntry, PayloadBlockState, payloadEntryIndex } from "./bat.ts";
import { isGuid, randomGuid, ZERO_GUID } from "./guid.ts";
import { HEADER_OFFSETS, MiB, serializeFileIdentifier, serializeHeader, VHDX_VERSION } from "./header.ts";
import { MAX_BLOCK_SIZE, MAX_VIRTUAL_SIZE, MIN_BLOCK_SIZE, serializeMetadataRegion } from "./metadata.ts";
import { BAT_REGION_GUID, METADATA_REGION_GUID, REGION_TABLE_OFFSETS, serializeRegionTable } from "./region_table.ts";

/** Parameters of a new disk. */
export interface CreateVhdxParams {
  virtualSize: number;
  /** Power of two from 1 MiB to 256 MiB. */
  blockSize: number;
  logicalSectorSize: 512 | 4096;
  physicalSectorSize: 512 | 4096;
  /** Page-83 disk id to keep (e.g. the source disk's); random when absent. */
  diskId?: string;
}

/** Writes a new VHDX block by block. */
export interface VhdxWriter {
  /**
   * Appends payload block `index` (blockSize bytes, shorter is zero-padded) and marks it
   * FULLY_PRESENT. Resolves to the file offset it was written at.
   */
  writeBlock(index: number, data: Uint8Array): Promise<number>;
  /** Writes the BAT, metadata, both region tables and both headers, and syncs. */
  finish(): Promise<void>;
}

const LOG_OFFSET = MiB, LOG_LENGTH = MiB, METADATA_OFFSET = 2 * MiB, METADATA_LENGTH = MiB, BAT_OFFSET = 3 * MiB;
const CREATOR = "vhdx-shrink";

const roundUpMiB = (n: number) => Math.ceil(n / MiB) * MiB;

function checkParams(p: CreateVhdxParams): void {
  const { virtualSize: size, blockSize, logicalSectorSize: lss, physicalSectorSize: pss } = p;
  if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE || (blockSize & (blockSize - 1)) !== 0) throw new RangeError(`block size ${blockSize} must be a power of two from 1 MiB to 256 MiB`);
  if (lss !== 512 && lss !== 4096) throw new RangeError(`logical sector size ${lss} must be 512 or 4096`);
  if (pss !== 512 && pss !== 4096) throw new RangeError(`physical sector size ${pss} must be 512 or 4096`);
  if (!Number.isSafeInteger(size) || size <= 0 || size > MAX_VIRTUAL_SIZE || size % lss !== 0) throw new RangeError(`virtual size ${size} must be a positive multiple of ${lss} up to 64 TiB`);
  if (p.diskId !== undefined && !isGuid(p.diskId)) throw new RangeError(`disk id ${p.diskId} is not a GUID`);
}

/**
 * Starts a new dynamic VHDX in an empty file. Blocks not written stay NOT_PRESENT (offset 0).
 * The file is only a valid VHDX after {@link VhdxWriter.finish}; write to a temporary path and
 * rename it into place afterwards.
 * @example
 * const w = await createVhdx(file, { virtualSize: 64 * MiB, blockSize: MiB, logicalSectorSize: 512, physicalSectorSize: 4096 });
 * await w.writeBlock(0, firstMiB);
 * await w.finish();
 */
export async function createVhdx(file: BlockFile, params: CreateVhdxParams): Promise<VhdxWriter> {
  checkParams(params);
  if ((await file.size()) !== 0) throw new RangeError("createVhdx needs an empty file");
  return new NewVhdx(file, params);
}

/**
 * Exact size of the file {@link createVhdx} writes holding `keptBlocks` payload blocks: headers, log
 * and metadata up to 3 MiB, the BAT rounded up to 1 MiB, then each block on a 1 MiB boundary.
 * @example
 * newVhdxFileSize(64 * MiB, MiB, 512, 10); // 3 MiB + 1 MiB BAT + 10 MiB
 */
export function newVhdxFileSize(virtualSize: number, blockSize: number, logicalSectorSize: number, keptBlocks: number): number {
  const g = batGeometry(virtualSize, blockSize, logicalSectorSize);
  return BAT_OFFSET + roundUpMiB(g.entryCount * BAT_ENTRY_SIZE) + keptBlocks * roundUpMiB(blockSize);
}

class NewVhdx implements VhdxWriter {
  #file: BlockFile;
  #params: CreateVhdxParams & { diskId: string };
  #geometry;
  #bat: Uint8Array;
  #batLength: number;
  #next: number;
  #finished = false;

  constructor(file: BlockFile, params: CreateVhdxParams) {
    this.#file = file;
    this.#params = { ...params, diskId: (params.diskId ?? randomGuid()).toUpperCase() };
    this.#geometry = batGeometry(params.virtualSize, params.blockSize, params.logicalSectorSize);
    this.#batLength = roundUpMiB(this.#geometry.entryCount * BAT_ENTRY_SIZE);
    this.#bat = new Uint8Array(this.#geometry.entryCount * BAT_ENTRY_SIZE);
    this.#next = BAT_OFFSET + this.#batLength;
  }

  async writeBlock(index: number, data: Uint8Array): Promise<number> {
    const { blockSize, chunkRatio, blockCount } = this.#geometry;
    if (this.#finished) throw new Error("writeBlock after finish");
    if (!Number.isInteger(index) || index < 0 || index >= blockCount) throw new RangeError(`block ${index} is outside 0..${blockCount - 1}`);
    if (data.length > blockSize) throw new RangeError(`block data is ${data.length} bytes, more than the ${blockSize}-byte block`);
    const entry = payloadEntryIndex(index, chunkRatio);
    if ((this.#bat[entry * BAT_ENTRY_SIZE] & 7) !== 0) throw new Error(`block ${index} was already written`);
    const at = this.#next;
    await this.#file.write(at, data);
    if (data.length < blockSize) await this.#file.write(at + blockSize - 1, new Uint8Array(1)); // zero tail, not a hole past EOF
    this.#bat.set(encodeBatEntry(PayloadBlockState.FullyPresent, at), entry * BAT_ENTRY_SIZE);
    this.#next = at + roundUpMiB(blockSize);
    return at;
  }

  async finish(): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    const f = this.#file;
    const p = this.#params;
    await f.write(METADATA_OFFSET, serializeMetadataRegion({ ...p, leaveBlockAllocated: false, hasParent: false }, METADATA_LENGTH));
    const batRegion = new Uint8Array(this.#batLength);
    batRegion.set(this.#bat);
    await f.write(BAT_OFFSET, batRegion);
    await f.write(LOG_OFFSET, new Uint8Array(LOG_LENGTH));
    const regions = serializeRegionTable([
      { guid: BAT_REGION_GUID, fileOffset: BAT_OFFSET, length: this.#batLength, required: true },
      { guid: METADATA_REGION_GUID, fileOffset: METADATA_OFFSET, length: METADATA_LENGTH, required: true },
    ]);
    for (const o of REGION_TABLE_OFFSETS) await f.write(o, regions);
    await f.write(0, serializeFileIdentifier(CREATOR));
    if ((await f.size()) < this.#next) await f.truncate(this.#next);
    // Everything the headers point at must be stable before the headers make the file valid.
    await f.sync();
    const header = { sequenceNumber: 0n, fileWriteGuid: randomGuid(), dataWriteGuid: randomGuid(), logGuid: ZERO_GUID,
      logVersion: 0, version: VHDX_VERSION, logLength: LOG_LENGTH, logOffset: LOG_OFFSET };
    await f.write(HEADER_OFFSETS[0], serializeHeader({ ...header, sequenceNumber: 1n }));
    await f.write(HEADER_OFFSETS[1], serializeHeader({ ...header, sequenceNumber: 2n }));
    await f.sync();
  }
}
