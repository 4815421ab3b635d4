/**
 * MBR and GPT partition tables, parsed from bytes (UEFI 2.10 §5.2 legacy MBR, §5.3 GPT).
 * Only what locating a filesystem needs: where each partition starts and how long it is.
 * @module
 */

/** A partition as a byte range of the disk. */
export interface PartitionExtent {
  /** Byte offset of the partition. */
  offset: number;
  /** Length in bytes. */
  length: number;
  /** MBR type byte as "mbr:0x83", or the GPT type GUID in lower case. */
  type: string;
}

/** 0x55AA boot signature at 510 (UEFI 2.10 Table 5.1). */
const MBR_SIGNATURE_OFFSET = 510;
const MBR_TABLE_OFFSET = 446;
const MBR_ENTRY_SIZE = 16;
/** MBR partition types: GPT protective, and the three extended-partition containers. */
export const MBR_TYPE_GPT_PROTECTIVE = 0xee;
export const MBR_EXTENDED_TYPES: ReadonlySet<number> = new Set([0x05, 0x0f, 0x85]);
/** "EFI PART" (UEFI 2.10 Table 5.5). */
const GPT_SIGNATURE = "EFI PART";
const GPT_MIN_HEADER_SIZE = 92;

const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
const u64 = (b: Uint8Array, o: number) => u32(b, o) + u32(b, o + 4) * 2 ** 32;

/** One primary MBR entry in sectors. */
export interface MbrEntry {
  type: number;
  startLba: number;
  sectors: number;
}

/** True when the sector ends with the 0x55AA signature. */
export function hasMbrSignature(sector0: Uint8Array): boolean {
  return sector0[MBR_SIGNATURE_OFFSET] === 0x55 && sector0[MBR_SIGNATURE_OFFSET + 1] === 0xaa;
}

/** The non-empty entries of an MBR (or EBR) sector; undefined without the boot signature. */
export function parseMbr(sector0: Uint8Array): MbrEntry[] | undefined {
  if (!hasMbrSignature(sector0)) return undefined;
  const entries: MbrEntry[] = [];
  for (let i = 0; i < 4; i++) {
    const o = MBR_TABLE_OFFSET + i * MBR_ENTRY_SIZE;
    const type = sector0[o + 4];
    const startLba = u32(sector0, o + 8);
    const sectors = u32(sector0, o + 12);
    if (type !== 0 && sectors !== 0) entries.push({ type, startLba, sectors });
  }
  return entries;
}

/** The fields of a GPT header locating its entry array. */
export interface GptHeader {
  entriesLba: number;
  entryCount: number;
  entrySize: number;
  entriesCrc: number;
}

/** True when the sector starts with the GPT signature. */
export function hasGptSignature(sector: Uint8Array): boolean {
  return new TextDecoder("latin1").decode(sector.subarray(0, 8)) === GPT_SIGNATURE;
}

/** Parses a GPT header and verifies its CRC-32; returns a reason string when it is not valid. */
export function parseGptHeader(sector: Uint8Array): GptHeader | string {
  if (!hasGptSignature(sector)) return "no GPT signature";
  const headerSize = u32(sector, 12);
  if (headerSize < GPT_MIN_HEADER_SIZE || headerSize > sector.length) return `impossible GPT header size ${headerSize}`;
  const copy = sector.slice(0, headerSize);
  copy.fill(0, 16, 20);
  if (crc32(copy) !== u32(sector, 16)) return "GPT header checksum mismatch";
  const entrySize = u32(sector, 84);
  const entryCount = u32(sector, 80);
  if (entrySize < 128 || entrySize % 8 !== 0 || entryCount > 65536) return "impossible GPT entry array";
  return { entriesLba: u64(sector, 72), entryCount, entrySize, entriesCrc: u32(sector, 88) };
}

/** Parses the GPT entry array (verifying its CRC-32) into used partitions, as byte ranges. */
export function parseGptEntries(h: GptHeader, entries: Uint8Array, sectorSize: number): PartitionExtent[] | string {
  if (crc32(entries.subarray(0, h.entryCount * h.entrySize)) !== h.entriesCrc) return "GPT partition entries checksum mismatch";
  const out: PartitionExtent[] = [];
  for (let i = 0; i < h.entryCount; i++) {
    const e = entries.subarray(i * h.entrySize, (i + 1) * h.entrySize);
    if (e.subarray(0, 16).every((x) => x === 0)) continue;
    const first = u64(e, 32);
    const last = u64(e, 40);
    if (last < first) return `GPT partition ${i + 1} ends before it starts`;
    out.push({ offset: first * sectorSize, length: (last - first + 1) * sectorSize, type: guidToString(e.subarray(0, 16)) });
  }
  return out;
}

/** Formats a mixed-endian GUID (UEFI 2.10 Appendix A) in lower case. */
export function guidToString(g: Uint8Array): string {
  const h = (i: number) => g[i].toString(16).padStart(2, "0");
  return [3, 2, 1, 0].map(h).join("") + "-" + [5, 4].map(h).join("") + "-" + [7, 6].map(h).join("") + "-" +
    [8, 9].map(h).join("") + "-" + [10, 11, 12, 13, 14, 15].map(h).join("");
}

const CRC32_TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE 802.3, as GPT uses it). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC32_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
