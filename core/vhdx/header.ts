/**
 * The header section's fixed structures: the file type identifier (MS-VHDX §2.2.1) and the two
 * 4 KiB headers (§2.2.2), with parsers, serializers and the current-header rule.
 * @module
 */
import { InvalidImageError } from "../errors.ts";
import { crc32c } from "../checksum/crc32c.ts";
import { readGuid, writeGuid, ZERO_GUID } from "./guid.ts";

/** 1 MiB: the alignment of every object in a VHDX file (§2.1). */
export const MiB = 1024 * 1024;
/** Size of the header section (§2.2). */
export const HEADER_SECTION_SIZE = MiB;
/** "vhdxfile" at offset 0 (§2.2.1). */
export const FILE_SIGNATURE = "vhdxfile";
/** File offsets of header 1 and header 2 (§2.2.2). */
export const HEADER_OFFSETS = [64 * 1024, 128 * 1024] as const;
/** Bytes covered by a header and its checksum (§2.2.2). */
export const HEADER_SIZE = 4096;
const HEADER_SIGNATURE = "head";
/** The only defined format version (§1.6). */
export const VHDX_VERSION = 1;

/** One parsed VHDX header (§2.2.2). */
export interface Header {
  sequenceNumber: bigint;
  fileWriteGuid: string;
  dataWriteGuid: string;
  /** Non-zero when the log may hold entries to replay. */
  logGuid: string;
  logVersion: number;
  version: number;
  logLength: number;
  logOffset: number;
}

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** Whether the file type identifier (first bytes of the file) carries the "vhdxfile" signature. */
export function hasFileSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && ascii(bytes, 0, 8) === FILE_SIGNATURE;
}

/** Serializes the 64 KiB file type identifier with a UTF-16 creator string. */
export function serializeFileIdentifier(creator: string): Uint8Array {
  const out = new Uint8Array(64 * 1024);
  out.set(new TextEncoder().encode(FILE_SIGNATURE), 0);
  const v = view(out);
  for (let i = 0; i < Math.min(creator.length, 255); i++) v.setUint16(8 + i * 2, creator.charCodeAt(i), true);
  return out;
}

/** Verifies the CRC-32C of a structure whose checksum field is at byte 4 (headers, tables, log entries). */
export function checksumMatches(bytes: Uint8Array): boolean {
  const stored = view(bytes).getUint32(4, true);
  const copy = bytes.slice();
  copy.fill(0, 4, 8);
  return crc32c(copy) === stored;
}

/** Writes the CRC-32C of `bytes` (checksum field at byte 4 taken as zero) into that field. */
export function sealChecksum(bytes: Uint8Array): void {
  bytes.fill(0, 4, 8);
  view(bytes).setUint32(4, crc32c(bytes), true);
}

/** Parses a 4 KiB header; null when its signature or checksum is wrong (the copy is not valid). */
export function parseHeader(bytes: Uint8Array): Header | null {
  if (bytes.length < HEADER_SIZE) return null;
  const b = bytes.subarray(0, HEADER_SIZE);
  if (ascii(b, 0, 4) !== HEADER_SIGNATURE || !checksumMatches(b)) return null;
  const v = view(b);
  return {
    sequenceNumber: v.getBigUint64(8, true),
    fileWriteGuid: readGuid(b, 16),
    dataWriteGuid: readGuid(b, 32),
    logGuid: readGuid(b, 48),
    logVersion: v.getUint16(64, true),
    version: v.getUint16(66, true),
    logLength: v.getUint32(68, true),
    logOffset: Number(v.getBigUint64(72, true)),
  };
}

/** Serializes a header into 4 KiB with its checksum. */
export function serializeHeader(h: Header): Uint8Array {
  const b = new Uint8Array(HEADER_SIZE);
  b.set(new TextEncoder().encode(HEADER_SIGNATURE), 0);
  const v = view(b);
  v.setBigUint64(8, h.sequenceNumber, true);
  writeGuid(b, 16, h.fileWriteGuid);
  writeGuid(b, 32, h.dataWriteGuid);
  writeGuid(b, 48, h.logGuid);
  v.setUint16(64, h.logVersion, true);
  v.setUint16(66, h.version, true);
  v.setUint32(68, h.logLength, true);
  v.setBigUint64(72, BigInt(h.logOffset), true);
  sealChecksum(b);
  return b;
}

/** The current header and which copy (0 = 64 KiB, 1 = 128 KiB) it is. */
export interface CurrentHeader {
  header: Header;
  index: 0 | 1;
}

/**
 * Picks the current header (§2.2.2): the only valid one, or the valid one with the larger
 * SequenceNumber. Equal numbers (Disk2VHD writes two identical headers) pick the first copy.
 * @throws InvalidImageError when neither copy is valid
 */
export function selectCurrentHeader(first: Header | null, second: Header | null): CurrentHeader {
  if (first && second) return second.sequenceNumber > first.sequenceNumber ? { header: second, index: 1 } : { header: first, index: 0 };
  if (first) return { header: first, index: 0 };
  if (second) return { header: second, index: 1 };
  throw new InvalidImageError("Not a usable VHDX: both headers (at 64 KiB and 128 KiB) have a bad signature or checksum; restore the file from a backup.");
}

/** Checks the current header's fields that every later step relies on. */
export function validateHeader(h: Header, fileSize: number): void {
  const bad = (why: string) => new InvalidImageError(`Not a usable VHDX: ${why}; the file is corrupt or from an unsupported VHDX version.`);
  if (h.version !== VHDX_VERSION) throw bad(`header version is ${h.version}, only version 1 is supported`);
  if (h.logGuid !== ZERO_GUID && h.logVersion !== 0) throw bad(`log version is ${h.logVersion}, only 0 is supported`);
  if (h.logLength % MiB !== 0 || h.logOffset % MiB !== 0) throw bad("log offset or length is not a multiple of 1 MiB");
  if (h.logLength > 0 && (h.logOffset < HEADER_SECTION_SIZE || h.logOffset + h.logLength > fileSize)) {
    throw bad("the log region lies inside the header section or past the end of the file");
  }
}
