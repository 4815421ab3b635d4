/**
 * The metadata region (MS-VHDX §2.6): a 64 KiB table of items and the known system items
 * (file parameters, virtual disk size, page-83 disk id, logical and physical sector size).
 * @module
 */
import { InvalidImageError } from "../errors.ts";
import { readGuid, writeGuid } from "./guid.ts";
import { MiB } from "./header.ts";

/** Size of the metadata table at the start of the region (§2.6.1). */
export const METADATA_TABLE_SIZE = 64 * 1024;
const METADATA_SIGNATURE = "metadata";
/** EntryCount upper bound (§2.6.1.1). */
export const MAX_METADATA_ENTRIES = 2047;
/** Known item GUIDs (§2.6.2 table). */
export const FILE_PARAMETERS_GUID = "CAA16737-FA36-4D43-B3B6-33F0AA44E76B";
/** @see FILE_PARAMETERS_GUID */
export const VIRTUAL_DISK_SIZE_GUID = "2FA54224-CD1B-4876-B211-5DBED83BF4B8";
/** @see FILE_PARAMETERS_GUID */
export const VIRTUAL_DISK_ID_GUID = "BECA12AB-B2E6-4523-93EF-C309E000C746";
/** @see FILE_PARAMETERS_GUID */
export const LOGICAL_SECTOR_SIZE_GUID = "8141BF1D-A96F-4709-BA47-F233A8FAAB5F";
/** @see FILE_PARAMETERS_GUID */
export const PHYSICAL_SECTOR_SIZE_GUID = "CDA348C7-445D-4471-9CC9-E9885251C556";
/** @see FILE_PARAMETERS_GUID */
export const PARENT_LOCATOR_GUID = "A8D35F2D-B30B-454D-ABF7-D3D84834AB0C";
/** Entry flag bits (§2.6.1.2). */
export const ITEM_IS_USER = 1, ITEM_IS_VIRTUAL_DISK = 2, ITEM_IS_REQUIRED = 4;
/** VirtualDiskSize upper bound, 64 TiB (§2.6.2.2). */
export const MAX_VIRTUAL_SIZE = 64 * 1024 * 1024 * MiB;
/** BlockSize bounds (§2.6.2.1). */
export const MIN_BLOCK_SIZE = MiB, MAX_BLOCK_SIZE = 256 * MiB;

/** One metadata table entry. */
export interface MetadataEntry {
  itemId: string;
  /** Offset of the item relative to the start of the metadata region. */
  offset: number;
  length: number;
  flags: number;
}

/** The values of the known items. */
export interface DiskParameters {
  blockSize: number;
  leaveBlockAllocated: boolean;
  hasParent: boolean;
  virtualSize: number;
  diskId: string;
  logicalSectorSize: 512 | 4096;
  physicalSectorSize: 512 | 4096;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const bad = (why: string) => new InvalidImageError(`Not a usable VHDX: ${why}; the file is corrupt or not supported.`);
/** The system items this tool understands (the parent locator is known but refused). */
export const KNOWN_ITEM_IDS: ReadonlySet<string> = new Set([FILE_PARAMETERS_GUID, VIRTUAL_DISK_SIZE_GUID, VIRTUAL_DISK_ID_GUID,
  LOGICAL_SECTOR_SIZE_GUID, PHYSICAL_SECTOR_SIZE_GUID]);
const ITEM_SIZES: Record<string, number> = {
  [FILE_PARAMETERS_GUID]: 8, [VIRTUAL_DISK_SIZE_GUID]: 8, [VIRTUAL_DISK_ID_GUID]: 16,
  [LOGICAL_SECTOR_SIZE_GUID]: 4, [PHYSICAL_SECTOR_SIZE_GUID]: 4,
};

/**
 * Parses and checks the metadata table: signature, entry count, items inside the region and not
 * overlapping, no unknown required system item, every known item present with its size.
 * @throws InvalidImageError
 */
export function parseMetadataTable(bytes: Uint8Array, regionLength: number): MetadataEntry[] {
  if (bytes.length < METADATA_TABLE_SIZE || String.fromCharCode(...bytes.subarray(0, 8)) !== METADATA_SIGNATURE) {
    throw bad("the metadata table signature is missing");
  }
  const v = view(bytes);
  const count = v.getUint16(10, true);
  if (count > MAX_METADATA_ENTRIES) throw bad(`the metadata table claims ${count} entries (at most ${MAX_METADATA_ENTRIES})`);
  const entries: MetadataEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = 32 + i * 32;
    const e = { itemId: readGuid(bytes, at), offset: v.getUint32(at + 16, true), length: v.getUint32(at + 20, true), flags: v.getUint32(at + 24, true) };
    if (e.length > MiB) throw bad(`metadata item ${e.itemId} is ${e.length} bytes (at most 1 MiB)`);
    if (e.length > 0 && (e.offset < METADATA_TABLE_SIZE || e.offset + e.length > regionLength)) throw bad(`metadata item ${e.itemId} lies outside the metadata region`);
    if (e.flags & ITEM_IS_REQUIRED && !(e.flags & ITEM_IS_USER) && !KNOWN_ITEM_IDS.has(e.itemId)) {
      throw bad(e.itemId === PARENT_LOCATOR_GUID ? "it is a differencing disk (parent locator present); merge it into its parent first" : `it requires metadata item ${e.itemId}, which this tool does not know`);
    }
    entries.push(e);
  }
  const sorted = entries.filter((e) => e.length > 0).sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < sorted.length; i++) if (sorted[i - 1].offset + sorted[i - 1].length > sorted[i].offset) throw bad("two metadata items overlap");
  for (const id of KNOWN_ITEM_IDS) {
    const found = entries.filter((e) => e.itemId === id && !(e.flags & ITEM_IS_USER));
    if (found.length !== 1) throw bad(`metadata item ${id} is ${found.length ? "listed twice" : "missing"}`);
    if (found[0].length < ITEM_SIZES[id]) throw bad(`metadata item ${id} is too short`);
  }
  return entries;
}

/** Finds the system (non-user) entry for a known item. */
export function findItem(entries: MetadataEntry[], itemId: string): MetadataEntry {
  return entries.find((e) => e.itemId === itemId && !(e.flags & ITEM_IS_USER))!;
}

/**
 * Decodes the known items, given their bytes (`read(entry)` returns exactly `entry.length` bytes).
 * @throws InvalidImageError for differencing disks and out-of-range values
 */
export function parseDiskParameters(entries: MetadataEntry[], read: (e: MetadataEntry) => Uint8Array): DiskParameters {
  const item = (id: string) => view(read(findItem(entries, id)));
  const fp = item(FILE_PARAMETERS_GUID);
  const blockSize = fp.getUint32(0, true);
  const flags = fp.getUint32(4, true);
  if (flags & 2) throw bad("it is a differencing disk (HasParent is set); merge it into its parent first");
  if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE || (blockSize & (blockSize - 1)) !== 0) throw bad(`block size ${blockSize} is not a power of two from 1 MiB to 256 MiB`);
  const logical = item(LOGICAL_SECTOR_SIZE_GUID).getUint32(0, true);
  const physical = item(PHYSICAL_SECTOR_SIZE_GUID).getUint32(0, true);
  if (logical !== 512 && logical !== 4096) throw bad(`logical sector size ${logical} is not 512 or 4096`);
  if (physical !== 512 && physical !== 4096) throw bad(`physical sector size ${physical} is not 512 or 4096`);
  const size = item(VIRTUAL_DISK_SIZE_GUID).getBigUint64(0, true);
  if (size === 0n || size > BigInt(MAX_VIRTUAL_SIZE) || size % BigInt(logical) !== 0n) throw bad(`virtual disk size ${size} is zero, over 64 TiB or not a multiple of the sector size`);
  return {
    blockSize, leaveBlockAllocated: (flags & 1) === 1, hasParent: false, virtualSize: Number(size),
    diskId: readGuid(read(findItem(entries, VIRTUAL_DISK_ID_GUID))),
    logicalSectorSize: logical as 512 | 4096, physicalSectorSize: physical as 512 | 4096,
  };
}

/** Serializes a metadata region (table + the five known items) for a new dynamic disk. */
export function serializeMetadataRegion(p: DiskParameters, regionLength = MiB): Uint8Array {
  const out = new Uint8Array(regionLength);
  const v = view(out);
  out.set(new TextEncoder().encode(METADATA_SIGNATURE), 0);
  const vd = ITEM_IS_VIRTUAL_DISK | ITEM_IS_REQUIRED;
  const items: [string, number, (at: number) => void][] = [
    [FILE_PARAMETERS_GUID, ITEM_IS_REQUIRED, (at) => { v.setUint32(at, p.blockSize, true); v.setUint32(at + 4, p.leaveBlockAllocated ? 1 : 0, true); }],
    [VIRTUAL_DISK_SIZE_GUID, vd, (at) => v.setBigUint64(at, BigInt(p.virtualSize), true)],
    [VIRTUAL_DISK_ID_GUID, vd, (at) => writeGuid(out, at, p.diskId)],
    [LOGICAL_SECTOR_SIZE_GUID, vd, (at) => v.setUint32(at, p.logicalSectorSize, true)],
    [PHYSICAL_SECTOR_SIZE_GUID, vd, (at) => v.setUint32(at, p.physicalSectorSize, true)],
  ];
  v.setUint16(10, items.length, true);
  let itemAt = METADATA_TABLE_SIZE;
  items.forEach(([id, flags, write], i) => {
    const at = 32 + i * 32;
    writeGuid(out, at, id);
    v.setUint32(at + 16, itemAt, true);
    v.setUint32(at + 20, ITEM_SIZES[id], true);
    v.setUint32(at + 24, flags, true);
    write(itemAt);
    itemAt += ITEM_SIZES[id];
  });
  return out;
}
