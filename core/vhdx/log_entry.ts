/**
 * Log entries (MS-VHDX §2.3.1): a `loge` header (64 bytes) and 32-byte descriptors in 4 KiB
 * descriptor sectors, then one 4 KiB `data` sector per data descriptor. Pure parse/serialize.
 * @module
 */
import { readGuid, writeGuid } from "./guid.ts";
import { checksumMatches, sealChecksum } from "./header.ts";

/** Every log structure is made of 4 KiB sectors (§2.3.1). */
export const LOG_SECTOR_SIZE = 4096;
/** Size of the entry header; it takes the room of two descriptors in the first sector (§2.3.1). */
export const LOG_ENTRY_HEADER_SIZE = 64;
/** Size of a descriptor (§2.3.1.2, §2.3.1.3). */
export const LOG_DESCRIPTOR_SIZE = 32;
const SIG = { entry: "loge", zero: "zero", data: "desc", sector: "data" } as const;
/** Data sector payload: bytes 8..4091 of the target sector; the rest sits in the descriptor (§2.3.1.4). */
const DATA_LEADING = 8, DATA_TRAILING = 4;

/** The 64-byte entry header (§2.3.1.1). */
export interface LogEntryHeader {
  entryLength: number;
  tail: number;
  sequenceNumber: bigint;
  descriptorCount: number;
  logGuid: string;
  flushedFileOffset: number;
  lastFileOffset: number;
}

/** One replay step: write a 4 KiB sector, or zero `length` bytes. */
export type LogWrite =
  | { kind: "data"; fileOffset: number; bytes: Uint8Array }
  | { kind: "zero"; fileOffset: number; length: number };

/** A fully validated entry. */
export interface LogEntry {
  header: LogEntryHeader;
  writes: LogWrite[];
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const sig = (b: Uint8Array, at: number) => String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);

/** Number of 4 KiB descriptor sectors for `count` descriptors (the header takes two slots). */
export function descriptorSectors(count: number): number {
  return Math.ceil((count + 2) / (LOG_SECTOR_SIZE / LOG_DESCRIPTOR_SIZE));
}

/** Parses an entry header from the first bytes of a log sector; null when the signature is wrong. */
export function parseLogEntryHeader(bytes: Uint8Array): LogEntryHeader | null {
  if (bytes.length < LOG_ENTRY_HEADER_SIZE || sig(bytes, 0) !== SIG.entry) return null;
  const v = view(bytes);
  return {
    entryLength: v.getUint32(8, true),
    tail: v.getUint32(12, true),
    sequenceNumber: v.getBigUint64(16, true),
    descriptorCount: v.getUint32(24, true),
    logGuid: readGuid(bytes, 32),
    flushedFileOffset: Number(v.getBigUint64(48, true)),
    lastFileOffset: Number(v.getBigUint64(56, true)),
  };
}

/**
 * Checks the cheap header fields before the whole entry is read (so a bogus EntryLength never
 * drives an allocation): signature, length a non-zero 4 KiB multiple within the log, sequence > 0,
 * LogGuid match, descriptors fitting in the entry.
 */
export function plausibleEntryHeader(h: LogEntryHeader | null, logLength: number, logGuid: string): h is LogEntryHeader {
  if (!h || h.entryLength === 0 || h.entryLength % LOG_SECTOR_SIZE !== 0 || h.entryLength > logLength) return false;
  if (h.sequenceNumber === 0n || h.logGuid !== logGuid) return false;
  return descriptorSectors(h.descriptorCount) * LOG_SECTOR_SIZE <= h.entryLength;
}

/**
 * Validates a whole entry (`bytes.length === header.entryLength`): checksum, every descriptor's
 * signature, sequence number and alignment, every data sector's signature and split sequence number.
 * @returns the entry, or null when any check fails (an invalid entry ends a sequence, §2.3.3)
 */
export function parseLogEntry(bytes: Uint8Array, logLength: number, logGuid: string): LogEntry | null {
  const header = parseLogEntryHeader(bytes);
  if (!plausibleEntryHeader(header, logLength, logGuid) || bytes.length !== header.entryLength) return null;
  if (!checksumMatches(bytes)) return null;
  const v = view(bytes);
  const seq = header.sequenceNumber;
  let dataAt = descriptorSectors(header.descriptorCount) * LOG_SECTOR_SIZE;
  const writes: LogWrite[] = [];
  for (let i = 0; i < header.descriptorCount; i++) {
    const at = LOG_ENTRY_HEADER_SIZE + i * LOG_DESCRIPTOR_SIZE;
    const fileOffset = Number(v.getBigUint64(at + 16, true));
    if (v.getBigUint64(at + 24, true) !== seq || fileOffset % LOG_SECTOR_SIZE !== 0) return null;
    const kind = sig(bytes, at);
    if (kind === SIG.zero) {
      const length = Number(v.getBigUint64(at + 8, true));
      if (length % LOG_SECTOR_SIZE !== 0) return null;
      writes.push({ kind: "zero", fileOffset, length });
    } else if (kind === SIG.data) {
      if (dataAt + LOG_SECTOR_SIZE > bytes.length) return null;
      const sector = bytes.subarray(dataAt, dataAt + LOG_SECTOR_SIZE);
      const high = BigInt(v.getUint32(dataAt + 4, true)), low = BigInt(v.getUint32(dataAt + LOG_SECTOR_SIZE - 4, true));
      if (sig(sector, 0) !== SIG.sector || ((high << 32n) | low) !== seq) return null;
      const out = new Uint8Array(LOG_SECTOR_SIZE);
      out.set(bytes.subarray(at + 8, at + 16), 0);
      out.set(sector.subarray(DATA_LEADING, LOG_SECTOR_SIZE - DATA_TRAILING), DATA_LEADING);
      out.set(bytes.subarray(at + 4, at + 8), LOG_SECTOR_SIZE - DATA_TRAILING);
      writes.push({ kind: "data", fileOffset, bytes: out });
      dataAt += LOG_SECTOR_SIZE;
    } else {
      return null;
    }
  }
  return { header, writes };
}

/**
 * Serializes an entry; `header.entryLength` and `descriptorCount` are computed from `writes`
 * (data writes must be exactly 4 KiB at 4 KiB-aligned offsets).
 */
export function serializeLogEntry(header: Omit<LogEntryHeader, "entryLength" | "descriptorCount">, writes: LogWrite[]): Uint8Array {
  const descSectors = descriptorSectors(writes.length);
  const dataCount = writes.filter((w) => w.kind === "data").length;
  const out = new Uint8Array((descSectors + dataCount) * LOG_SECTOR_SIZE);
  const v = view(out);
  out.set(new TextEncoder().encode(SIG.entry), 0);
  v.setUint32(8, out.length, true);
  v.setUint32(12, header.tail, true);
  v.setBigUint64(16, header.sequenceNumber, true);
  v.setUint32(24, writes.length, true);
  writeGuid(out, 32, header.logGuid);
  v.setBigUint64(48, BigInt(header.flushedFileOffset), true);
  v.setBigUint64(56, BigInt(header.lastFileOffset), true);
  let dataAt = descSectors * LOG_SECTOR_SIZE;
  writes.forEach((w, i) => {
    const at = LOG_ENTRY_HEADER_SIZE + i * LOG_DESCRIPTOR_SIZE;
    if (w.fileOffset % LOG_SECTOR_SIZE !== 0) throw new RangeError(`log write at ${w.fileOffset} is not 4 KiB aligned`);
    v.setBigUint64(at + 16, BigInt(w.fileOffset), true);
    v.setBigUint64(at + 24, header.sequenceNumber, true);
    if (w.kind === "zero") {
      out.set(new TextEncoder().encode(SIG.zero), at);
      v.setBigUint64(at + 8, BigInt(w.length), true);
      return;
    }
    if (w.bytes.length !== LOG_SECTOR_SIZE) throw new RangeError("a logged data write must be exactly 4 KiB");
    out.set(new TextEncoder().encode(SIG.data), at);
    out.set(w.bytes.subarray(LOG_SECTOR_SIZE - DATA_TRAILING), at + 4);
    out.set(w.bytes.subarray(0, DATA_LEADING), at + 8);
    out.set(new TextEncoder().encode(SIG.sector), dataAt);
    v.setUint32(dataAt + 4, Number(header.sequenceNumber >> 32n), true);
    out.set(w.bytes.subarray(DATA_LEADING, LOG_SECTOR_SIZE - DATA_TRAILING), dataAt + DATA_LEADING);
    v.setUint32(dataAt + LOG_SECTOR_SIZE - 4, Number(header.sequenceNumber & 0xffffffffn), true);
    dataAt += LOG_SECTOR_SIZE;
  });
  sealChecksum(out);
  return out;
}
