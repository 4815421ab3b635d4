/**
 * The compressed release downloads: a `.zip` holding the Windows `.exe` (what Scoop and winget
 * fetch; Windows opens it without extra tools) and a `.tar.gz` holding the Linux binary with its
 * executable bit. Both are byte-for-byte reproducible: fixed timestamps, no owner names, no extra
 * fields, so the same binary always gives the same archive and the same hash.
 * Formats: PKWARE APPNOTE.TXT 6.3.x (local header §4.3.7, central directory §4.3.12, end record
 * §4.3.16; method 8 = deflate, version 2.0) and POSIX ustar (pax, IEEE 1003.1) inside gzip (RFC 1952).
 * @module
 */
import { readFile, writeFile } from "node:fs/promises";
import { deflateRawSync, gzipSync } from "node:zlib";
import { BuildError } from "./build_error.ts";

/** One file to put into an archive. */
export interface ArchiveEntry {
  /** Name inside the archive (no folders). */
  name: string;
  /** The file's bytes. */
  data: Uint8Array;
  /** POSIX mode bits for the tar entry (default 0o755: release binaries are programs). */
  mode?: number;
}

// ZIP signatures and fields (APPNOTE.TXT §4.3.7, §4.3.12, §4.3.16, §4.4).
const LOCAL_HEADER_SIG = 0x04034b50;
const CENTRAL_HEADER_SIG = 0x02014b50;
const END_OF_CENTRAL_DIR_SIG = 0x06054b50;
const VERSION_NEEDED = 20; // 2.0: deflate
const METHOD_DEFLATE = 8;
const FLAG_UTF8_NAMES = 0x0800; // general purpose bit 11
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1; // the earliest DOS date: a fixed, reproducible stamp
const ZIP32_LIMIT = 0xffffffff; // beyond this ZIP64 would be needed; our binaries are ~120 MB

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (ISO 3309, the one ZIP and gzip use). */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A reproducible ZIP archive of `entries`, deflated at level 9. */
export function zipArchive(entries: ArchiveEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const packed = deflateRawSync(e.data, { level: 9 });
    if (e.data.length > ZIP32_LIMIT || offset > ZIP32_LIMIT) throw new BuildError(`${e.name} is too big for a ZIP without ZIP64`);
    const crc = crc32(e.data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, LOCAL_HEADER_SIG, true);
    local.setUint16(4, VERSION_NEEDED, true);
    local.setUint16(6, FLAG_UTF8_NAMES, true);
    local.setUint16(8, METHOD_DEFLATE, true);
    local.setUint16(10, 0, true); // time 00:00:00
    local.setUint16(12, DOS_DATE_1980_01_01, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, packed.length, true);
    local.setUint32(22, e.data.length, true);
    local.setUint16(26, name.length, true);
    local.setUint16(28, 0, true); // no extra field
    const cd = new DataView(new ArrayBuffer(46));
    cd.setUint32(0, CENTRAL_HEADER_SIG, true);
    cd.setUint16(4, VERSION_NEEDED, true); // made by: MS-DOS/FAT attributes, version 2.0
    cd.setUint16(6, VERSION_NEEDED, true);
    cd.setUint16(8, FLAG_UTF8_NAMES, true);
    cd.setUint16(10, METHOD_DEFLATE, true);
    cd.setUint16(12, 0, true);
    cd.setUint16(14, DOS_DATE_1980_01_01, true);
    cd.setUint32(16, crc, true);
    cd.setUint32(20, packed.length, true);
    cd.setUint32(24, e.data.length, true);
    cd.setUint16(28, name.length, true);
    // extra length, comment length, disk number, internal attributes, external attributes: all 0
    cd.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), name, packed);
    central.push(new Uint8Array(cd.buffer), name);
    offset += 30 + name.length + packed.length;
  }
  const cdSize = central.reduce((n, p) => n + p.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, END_OF_CENTRAL_DIR_SIG, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, cdSize, true);
  end.setUint32(16, offset, true);
  return concat([...parts, ...central, new Uint8Array(end.buffer)]);
}

// ustar header fields: name 0-99, mode 100, uid 108, gid 116, size 124, mtime 136, chksum 148,
// typeflag 156, magic 257 "ustar\0", version 263 "00", uname 265, gname 297.
const TAR_BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, "0") + "\0";
}

/** A reproducible `.tar.gz` of `entries` (mtime 0, uid/gid 0, no owner names). */
export function tarGzArchive(entries: ArchiveEntry[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  for (const e of entries) {
    const header = new Uint8Array(TAR_BLOCK);
    const put = (at: number, text: string) => header.set(new TextEncoder().encode(text), at);
    if (new TextEncoder().encode(e.name).length > 99) throw new BuildError(`${e.name}: name too long for a ustar header`);
    put(0, e.name);
    put(100, octal(e.mode ?? 0o755, 8));
    put(108, octal(0, 8));
    put(116, octal(0, 8));
    put(124, octal(e.data.length, 12));
    put(136, octal(0, 12));
    put(148, "        "); // checksum is computed with this field as spaces
    put(156, "0");
    put(257, "ustar\0");
    put(263, "00");
    const sum = header.reduce((n, b) => n + b, 0);
    put(148, sum.toString(8).padStart(6, "0") + "\0 ");
    blocks.push(header, e.data, new Uint8Array((TAR_BLOCK - (e.data.length % TAR_BLOCK)) % TAR_BLOCK));
  }
  blocks.push(new Uint8Array(TAR_BLOCK * 2)); // end of archive: two zero blocks
  // Node's gzip header carries mtime 0 and no file name, so equal input gives equal bytes.
  return gzipSync(concat(blocks), { level: 9 });
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Writes `archive(entries)` of one file read from `source`, stored as `name`, to `outfile`. */
export async function archiveFile(kind: "zip" | "tar.gz", source: string, name: string, outfile: string): Promise<void> {
  const entry = { name, data: new Uint8Array(await readFile(source)) };
  await writeFile(outfile, kind === "zip" ? zipArchive([entry]) : tarGzArchive([entry]));
}
