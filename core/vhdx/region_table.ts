/**
 * The region table (MS-VHDX §2.2.3): where the BAT and the metadata region live. Two copies,
 * at 192 KiB and 256 KiB; each 64 KiB with a CRC-32C over the whole table.
 * @module
 */
import { InvalidImageError } from "../errors.ts";
import { readGuid, writeGuid } from "./guid.ts";
import { checksumMatches, HEADER_SECTION_SIZE, MiB, sealChecksum } from "./header.ts";

/** File offsets of region table 1 and 2 (§2.2.3). */
export const REGION_TABLE_OFFSETS = [192 * 1024, 256 * 1024] as const;
/** Size of one region table copy, all covered by its checksum (§2.2.3.1). */
export const REGION_TABLE_SIZE = 64 * 1024;
const REGION_SIGNATURE = "regi";
/** EntryCount upper bound (§2.2.3.1). */
export const MAX_REGION_ENTRIES = 2047;
/** Known region GUIDs (§2.2.3.2 table). */
export const BAT_REGION_GUID = "2DC27766-F623-4200-9D64-115E9BFD4A08";
/** @see BAT_REGION_GUID */
export const METADATA_REGION_GUID = "8B7CA206-4790-4B9A-B8FE-575F050F886E";

/** One region table entry. */
export interface RegionEntry {
  guid: string;
  fileOffset: number;
  length: number;
  required: boolean;
}

/** The parsed region table with the two known regions picked out. */
export interface RegionTable {
  entries: RegionEntry[];
  bat: RegionEntry;
  metadata: RegionEntry;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** Parses one 64 KiB copy; null when its signature, checksum or entry count is wrong. */
export function parseRegionTableCopy(bytes: Uint8Array): RegionEntry[] | null {
  if (bytes.length < REGION_TABLE_SIZE) return null;
  const b = bytes.subarray(0, REGION_TABLE_SIZE);
  if (String.fromCharCode(...b.subarray(0, 4)) !== REGION_SIGNATURE || !checksumMatches(b)) return null;
  const v = view(b);
  const count = v.getUint32(8, true);
  if (count > MAX_REGION_ENTRIES) return null;
  const entries: RegionEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = 16 + i * 32;
    entries.push({
      guid: readGuid(b, at),
      fileOffset: Number(v.getBigUint64(at + 16, true)),
      length: v.getUint32(at + 24, true),
      required: (v.getUint32(at + 28, true) & 1) === 1,
    });
  }
  return entries;
}

/** Serializes a region table copy (64 KiB, checksummed). */
export function serializeRegionTable(entries: RegionEntry[]): Uint8Array {
  const b = new Uint8Array(REGION_TABLE_SIZE);
  b.set(new TextEncoder().encode(REGION_SIGNATURE), 0);
  const v = view(b);
  v.setUint32(8, entries.length, true);
  entries.forEach((e, i) => {
    const at = 16 + i * 32;
    writeGuid(b, at, e.guid);
    v.setBigUint64(at + 16, BigInt(e.fileOffset), true);
    v.setUint32(at + 24, e.length, true);
    v.setUint32(at + 28, e.required ? 1 : 0, true);
  });
  sealChecksum(b);
  return b;
}

/**
 * Picks the first valid copy (falling back to the second, §2.2.3) and checks its entries:
 * known regions present once, unknown required ones refused, all 1 MiB aligned inside the file.
 * @throws InvalidImageError with a one-line reason
 */
export function resolveRegionTable(first: RegionEntry[] | null, second: RegionEntry[] | null, fileSize: number): RegionTable {
  const entries = first ?? second;
  const bad = (why: string) => new InvalidImageError(`Not a usable VHDX: ${why}; the file is corrupt or needs a newer tool.`);
  if (!entries) throw bad("both region tables (at 192 KiB and 256 KiB) have a bad signature, checksum or entry count");
  const known = new Set([BAT_REGION_GUID, METADATA_REGION_GUID]);
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.guid)) throw bad(`region ${e.guid} is listed twice`);
    seen.add(e.guid);
    if (!known.has(e.guid) && e.required) throw bad(`it requires region ${e.guid}, which this tool does not know`);
    if (e.fileOffset % MiB !== 0 || e.length % MiB !== 0 || e.length === 0) throw bad(`region ${e.guid} is not 1 MiB aligned`);
    if (e.fileOffset < HEADER_SECTION_SIZE) throw bad(`region ${e.guid} overlaps the header section`);
    if (e.fileOffset + e.length > fileSize) throw bad(`region ${e.guid} extends past the end of the file (truncated?)`);
  }
  const bat = entries.find((e) => e.guid === BAT_REGION_GUID);
  const metadata = entries.find((e) => e.guid === METADATA_REGION_GUID);
  if (!bat || !metadata) throw bad("the region table lacks the BAT or the metadata region");
  const sorted = [...entries].sort((a, b) => a.fileOffset - b.fileOffset);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i - 1].fileOffset + sorted[i - 1].length > sorted[i].fileOffset) throw bad("two regions overlap");
  }
  return { entries, bat, metadata };
}
