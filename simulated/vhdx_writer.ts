/**
 * The emulators' own writer of a new dynamic VHDX ([MS-VHDX] §2.2–2.6), for `wsl --import` and the
 * machine builder's blank disks, independent of the product's engine (core/vhdx): qemu-img judges
 * what it writes (vhdx_writer_test.ts). Layout as qemu-img and Windows make it: file identifier,
 * two headers at 64 and 128 KiB, two region tables at 192 and 256 KiB, an empty 1 MiB log at 1 MiB,
 * the metadata region at 2 MiB, the BAT at 3 MiB and the payload blocks after it, 1 MiB aligned.
 * @module
 */
import type { BlockFile } from "../core/io/block_file.ts";

const KiB = 1024;
const MiB = 1024 * KiB;
const LOG_AT = MiB, LOG_LENGTH = MiB, METADATA_AT = 2 * MiB, METADATA_LENGTH = MiB, BAT_AT = 3 * MiB;
/** §2.2.3.1 */
const BAT_REGION = "2dc27766-f623-4200-9d64-115e9bfd4a08";
const METADATA_REGION = "8b7ca206-4790-4b9a-b8fe-575f050f886e";
/** §2.6.2 items: GUID, IsVirtualDisk flag. */
const FILE_PARAMETERS = "caa16737-fa36-4d43-b3b6-33f0aa44e76b";
const VIRTUAL_DISK_SIZE = "2fa54224-cd1b-4876-b211-5dbed83bf4b8";
const PAGE_83_DATA = "beca12ab-b2e6-4523-93ef-c309e000c746";
const LOGICAL_SECTOR_SIZE = "8141bf1d-a96f-4709-ba47-f233a8faab5f";
const PHYSICAL_SECTOR_SIZE = "cda348c7-445d-4471-9cc9-e9885251c556";
/** §2.5.1.1 */
const PAYLOAD_BLOCK_FULLY_PRESENT = 6;

/** Geometry of the new disk. */
export interface NewDiskGeometry {
  virtualSize: number;
  blockSize: number;
  logicalSectorSize: number;
  physicalSectorSize: number;
}

let crcTable: Uint32Array | undefined;

/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of headers and region tables (§2.2.2). */
export function crc32c(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Writes a GUID with its first three fields little-endian (§2.1). */
function putGuid(b: Uint8Array, at: number, guid: string): void {
  const hex = guid.replace(/-/g, "");
  const byte = (i: number) => parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  order.forEach((from, i) => (b[at + i] = byte(from)));
}

const newGuid = (): string => crypto.randomUUID();

function header(sequence: number, fileWrite: string, dataWrite: string): Uint8Array {
  const h = new Uint8Array(4 * KiB);
  const v = new DataView(h.buffer);
  h.set([0x68, 0x65, 0x61, 0x64]); // "head"
  v.setBigUint64(8, BigInt(sequence), true);
  putGuid(h, 16, fileWrite);
  putGuid(h, 32, dataWrite);
  // LogGuid (48) stays zero: the log is empty. LogVersion 0, Version 1, LogLength, LogOffset.
  v.setUint16(66, 1, true);
  v.setUint32(68, LOG_LENGTH, true);
  v.setBigUint64(72, BigInt(LOG_AT), true);
  v.setUint32(4, crc32c(h), true);
  return h;
}

function regionTable(batLength: number): Uint8Array {
  const t = new Uint8Array(64 * KiB);
  const v = new DataView(t.buffer);
  t.set([0x72, 0x65, 0x67, 0x69]); // "regi"
  v.setUint32(8, 2, true);
  const entry = (i: number, guid: string, at: number, length: number) => {
    const o = 16 + i * 32;
    putGuid(t, o, guid);
    v.setBigUint64(o + 16, BigInt(at), true);
    v.setUint32(o + 24, length, true);
    v.setUint32(o + 28, 1, true); // Required
  };
  entry(0, BAT_REGION, BAT_AT, batLength);
  entry(1, METADATA_REGION, METADATA_AT, METADATA_LENGTH);
  v.setUint32(4, crc32c(t), true);
  return t;
}

function metadataRegion(g: NewDiskGeometry): Uint8Array {
  const m = new Uint8Array(METADATA_LENGTH);
  const v = new DataView(m.buffer);
  m.set(new TextEncoder().encode("metadata"));
  const items: [string, number, (at: number) => void, number][] = [
    [FILE_PARAMETERS, 8, (at) => v.setUint32(at, g.blockSize, true), 0],
    [VIRTUAL_DISK_SIZE, 8, (at) => v.setBigUint64(at, BigInt(g.virtualSize), true), 2],
    [PAGE_83_DATA, 16, (at) => putGuid(m, at, newGuid()), 2],
    [LOGICAL_SECTOR_SIZE, 4, (at) => v.setUint32(at, g.logicalSectorSize, true), 2],
    [PHYSICAL_SECTOR_SIZE, 4, (at) => v.setUint32(at, g.physicalSectorSize, true), 2],
  ];
  v.setUint16(10, items.length, true);
  let data = 64 * KiB;
  items.forEach(([guid, length, fill, virtualDiskFlag], i) => {
    const o = 32 + i * 32;
    putGuid(m, o, guid);
    v.setUint32(o + 16, data, true);
    v.setUint32(o + 20, length, true);
    v.setUint32(o + 24, virtualDiskFlag | 4, true); // IsVirtualDisk (bit 1) as given, IsRequired (bit 2)
    fill(data);
    data += length;
  });
  return m;
}

/**
 * Writes a new dynamic VHDX into the empty `out`: `blocks` gives payload block number → its bytes
 * (blockSize long, or shorter and read as zero-padded); blocks it does not give are not stored.
 */
export async function writeDynamicVhdx(out: BlockFile, g: NewDiskGeometry, blocks: AsyncIterable<[number, Uint8Array]>): Promise<void> {
  const payloadBlocks = Math.ceil(g.virtualSize / g.blockSize);
  const chunkRatio = (2 ** 23 * g.logicalSectorSize) / g.blockSize;
  const batEntries = payloadBlocks + Math.floor((payloadBlocks - 1) / chunkRatio);
  const batLength = Math.ceil((batEntries * 8) / MiB) * MiB;
  const bat = new Uint8Array(batLength);
  const batView = new DataView(bat.buffer);
  let next = BAT_AT + batLength;
  for await (const [block, bytes] of blocks) {
    if (block < 0 || block >= payloadBlocks) throw new Error(`payload block ${block} is outside a ${payloadBlocks}-block disk`);
    const padded = bytes.length === g.blockSize ? bytes : (() => {
      const b = new Uint8Array(g.blockSize);
      b.set(bytes.subarray(0, g.blockSize));
      return b;
    })();
    await out.write(next, padded);
    batView.setBigUint64((block + Math.floor(block / chunkRatio)) * 8, BigInt(next) | BigInt(PAYLOAD_BLOCK_FULLY_PRESENT), true);
    next += g.blockSize;
  }
  const identifier = new Uint8Array(64 * KiB);
  identifier.set(new TextEncoder().encode("vhdxfile"));
  await out.write(0, identifier);
  await out.write(LOG_AT, new Uint8Array(LOG_LENGTH));
  await out.write(METADATA_AT, metadataRegion(g));
  await out.write(BAT_AT, bat);
  const table = regionTable(batLength);
  await out.write(192 * KiB, table);
  await out.write(256 * KiB, table);
  const fileWrite = newGuid(), dataWrite = newGuid();
  await out.write(64 * KiB, header(1, fileWrite, dataWrite));
  await out.write(128 * KiB, header(2, fileWrite, dataWrite));
  await out.sync();
}
