/**
 * Just enough VHDX for the emulated tools to move real bytes: read the layout (region table,
 * metadata, BAT), create a compact dynamic VHDX (`wsl --import`), and drop all-zero payload blocks
 * (`diskpart compact vdisk`, `Optimize-VHD`). The product's engine is core/vhdx; this stays small and
 * independent so the emulated tools keep working while that engine changes.
 * Structure offsets and GUIDs: MS-VHDX §2.2 (headers, region table), §2.5 (BAT), §2.6 (metadata).
 * @module
 */
import type { BlockFile } from "../../io/block_file.ts";
import { crc32c, readGuid, writeGuid } from "./vhdx_codec.ts";

const KiB = 1024;
const MiB = 1024 * KiB;
/** §2.2.2 headers; §2.2.3 region tables (only the first copy is read, like qemu). */
const HEADER_OFFSETS = [64 * KiB, 128 * KiB];
const REGION_TABLE_OFFSETS = [192 * KiB, 256 * KiB];
const REGION_TABLE_SIZE = 64 * KiB;
const METADATA_TABLE_SIZE = 64 * KiB;
const BAT_GUID = "2DC27766-F623-4200-9D64-115E9BFD4A08";
const METADATA_GUID = "8B7CA206-4790-4B9A-B8FE-575F050F886E";
/** §2.6.2 metadata items. */
const ITEM = {
  fileParameters: "CAA16737-FA36-4D43-B3B6-33F0AA44E76B",
  virtualDiskSize: "2FA54224-CD1B-4876-B211-5DBED83BF4B8",
  virtualDiskId: "BECA12AB-B2E6-4523-93EF-C309E000C746",
  logicalSectorSize: "8141BF1D-A96F-4709-BA47-F233A8FAAB5F",
  physicalSectorSize: "CDA348C7-445D-4471-9CC9-E9885251C556",
} as const;
/** §2.5.1 payload block states used here. */
const PAYLOAD_ZERO = 2;
const PAYLOAD_FULLY_PRESENT = 6;

/** The parts of an opened VHDX the emulated tools use. */
export interface VhdxLayout {
  virtualSize: number;
  blockSize: number;
  logicalSectorSize: number;
  batOffset: number;
  bat: Uint8Array;
  chunkRatio: number;
  blockCount: number;
  /** Byte spans that are not payload: header section, log, metadata, BAT. */
  reserved: { offset: number; length: number }[];
}

const le = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** Reads the layout; throws when the file is not a VHDX. */
export async function readVhdxLayout(file: BlockFile): Promise<VhdxLayout> {
  const sig = new TextDecoder().decode(await file.read(0, 8));
  if (sig !== "vhdxfile") throw new Error("not a VHDX file (no 'vhdxfile' signature)");
  const rt = await file.read(REGION_TABLE_OFFSETS[0], REGION_TABLE_SIZE);
  const regions = new Map<string, { offset: number; length: number }>();
  for (let i = 0, n = le(rt).getUint32(8, true); i < n; i++) {
    const at = 16 + i * 32;
    regions.set(readGuid(rt, at), { offset: Number(le(rt).getBigUint64(at + 16, true)), length: le(rt).getUint32(at + 24, true) });
  }
  const meta = regions.get(METADATA_GUID), batRegion = regions.get(BAT_GUID);
  if (!meta || !batRegion) throw new Error("VHDX region table lacks the BAT or metadata region");
  const table = await file.read(meta.offset, METADATA_TABLE_SIZE);
  const items = new Map<string, { offset: number; length: number }>();
  for (let i = 0, n = le(table).getUint16(10, true); i < n; i++) {
    const at = 32 + i * 32;
    items.set(readGuid(table, at), { offset: le(table).getUint32(at + 16, true), length: le(table).getUint32(at + 20, true) });
  }
  const item = async (id: string) => {
    const it = items.get(id);
    if (!it) throw new Error(`VHDX metadata item ${id} missing`);
    return le(await file.read(meta.offset + it.offset, it.length));
  };
  const blockSize = (await item(ITEM.fileParameters)).getUint32(0, true);
  const virtualSize = Number((await item(ITEM.virtualDiskSize)).getBigUint64(0, true));
  const logicalSectorSize = (await item(ITEM.logicalSectorSize)).getUint32(0, true);
  const chunkRatio = (2 ** 23 * logicalSectorSize) / blockSize;
  const hdr = await file.read(HEADER_OFFSETS[0], 4096);
  const log = { offset: Number(le(hdr).getBigUint64(72, true)), length: le(hdr).getUint32(68, true) };
  return {
    virtualSize, blockSize, logicalSectorSize, chunkRatio,
    blockCount: Math.ceil(virtualSize / blockSize),
    batOffset: batRegion.offset,
    bat: await file.read(batRegion.offset, batRegion.length),
    reserved: [{ offset: 0, length: MiB }, log, meta, batRegion].filter((s) => s.length > 0),
  };
}

/** BAT entry index of payload block `b` (§2.5: a sector-bitmap entry follows every chunk). */
const entryIndex = (b: number, chunkRatio: number) => b + Math.floor(b / chunkRatio);

function entry(bat: Uint8Array, i: number): { state: number; offset: number } {
  const v = le(bat).getBigUint64(i * 8, true);
  return { state: Number(v & 7n), offset: Number(v >> 20n) * MiB };
}
function setEntry(bat: Uint8Array, i: number, state: number, offset: number): void {
  le(bat).setBigUint64(i * 8, BigInt(state) | (BigInt(offset / MiB) << 20n), true);
}

const isZero = (b: Uint8Array) => b.every((x) => x === 0);

/** Bytes held in FULLY_PRESENT payload blocks. */
export function presentBytes(l: VhdxLayout): number {
  let n = 0;
  for (let b = 0; b < l.blockCount; b++) if (entry(l.bat, entryIndex(b, l.chunkRatio)).state === PAYLOAD_FULLY_PRESENT) n++;
  return n * l.blockSize;
}

/**
 * Drops all-zero payload blocks (marks them ZERO), packs the remaining blocks down and truncates.
 * Blocks only move to lower offsets in ascending order, so no block is overwritten before it is copied.
 * @returns the file size before and after.
 */
export async function dropZeroBlocks(file: BlockFile, onBlock?: () => Promise<void>): Promise<{ before: number; after: number }> {
  const before = await file.size();
  const l = await readVhdxLayout(file);
  const structuresEnd = Math.max(...l.reserved.map((s) => Math.ceil((s.offset + s.length) / MiB) * MiB));
  const present: { block: number; offset: number }[] = [];
  for (let b = 0; b < l.blockCount; b++) {
    const e = entry(l.bat, entryIndex(b, l.chunkRatio));
    if (e.state === PAYLOAD_FULLY_PRESENT) present.push({ block: b, offset: e.offset });
  }
  present.sort((a, b) => a.offset - b.offset);
  const canPack = present.every((p) => p.offset >= structuresEnd);
  let next = structuresEnd;
  let end = structuresEnd;
  for (const p of present) {
    await onBlock?.();
    const data = await file.read(p.offset, l.blockSize);
    if (isZero(data)) {
      setEntry(l.bat, entryIndex(p.block, l.chunkRatio), PAYLOAD_ZERO, 0);
      continue;
    }
    const target = canPack ? next : p.offset;
    if (target !== p.offset) {
      await file.write(target, data);
      setEntry(l.bat, entryIndex(p.block, l.chunkRatio), PAYLOAD_FULLY_PRESENT, target);
    }
    next = target + l.blockSize;
    end = Math.max(end, next);
  }
  // Data first, then the BAT that points at it, then cut the tail nothing points at any more.
  await file.sync();
  await file.write(l.batOffset, l.bat);
  await file.sync();
  if (canPack && end < before) await file.truncate(end);
  return { before, after: await file.size() };
}

/** Options for {@link createCompactVhdx}. */
export interface CreateOptions {
  virtualSize: number;
  /** 1 MiB, as WSL creates its disks (RESEARCH.md §9). */
  blockSize?: number;
  /** Bytes to place at the start of the virtual disk (all-zero blocks are not stored). */
  content?: { file: BlockFile; length: number };
  onBlock?: () => Promise<void>;
}

/**
 * Writes a new dynamic VHDX the way Windows lays one out: headers in the first MiB, a 1 MiB log,
 * metadata at 2 MiB, the BAT at 3 MiB, payload blocks after it.
 */
export async function createCompactVhdx(out: BlockFile, opts: CreateOptions): Promise<void> {
  const blockSize = opts.blockSize ?? MiB;
  const logical = 512, physical = 4096;
  const blockCount = Math.ceil(opts.virtualSize / blockSize);
  const chunkRatio = (2 ** 23 * logical) / blockSize;
  const batEntries = blockCount + Math.floor((blockCount - 1) / chunkRatio);
  const batLength = Math.ceil((batEntries * 8) / MiB) * MiB;
  const logOffset = MiB, metaOffset = 2 * MiB, batOffset = 3 * MiB;
  const bat = new Uint8Array(batLength);
  let next = batOffset + batLength;
  const contentBlocks = opts.content ? Math.ceil(opts.content.length / blockSize) : 0;
  for (let b = 0; b < Math.min(contentBlocks, blockCount); b++) {
    await opts.onBlock?.();
    const data = await opts.content!.file.read(b * blockSize, blockSize);
    if (b * blockSize + blockSize > opts.content!.length) data.fill(0, opts.content!.length - b * blockSize);
    if (isZero(data)) continue;
    await out.write(next, data);
    setEntry(bat, entryIndex(b, chunkRatio), PAYLOAD_FULLY_PRESENT, next);
    next += blockSize;
  }
  await out.write(batOffset, bat);
  await out.write(metaOffset, metadataRegion(opts.virtualSize, blockSize, logical, physical));
  await out.write(logOffset, new Uint8Array(MiB));
  await out.write(0, fileIdentifier());
  const regions = regionTable([[BAT_GUID, batOffset, batLength], [METADATA_GUID, metaOffset, MiB]]);
  for (const at of REGION_TABLE_OFFSETS) await out.write(at, regions);
  for (const [i, at] of HEADER_OFFSETS.entries()) await out.write(at, header(i + 1, logOffset, MiB));
  await out.truncate(Math.max(next, batOffset + batLength));
  await out.sync();
}

function fileIdentifier(): Uint8Array {
  const b = new Uint8Array(64 * KiB);
  b.set(new TextEncoder().encode("vhdxfile"));
  const creator = "vhdx-shrink simulated wsl.exe";
  for (let i = 0; i < creator.length; i++) le(b).setUint16(8 + i * 2, creator.charCodeAt(i), true);
  return b;
}

function header(sequence: number, logOffset: number, logLength: number): Uint8Array {
  const h = new Uint8Array(4096);
  const v = le(h);
  h.set(new TextEncoder().encode("head"));
  v.setBigUint64(8, BigInt(sequence), true);
  writeGuid(h, 16, crypto.randomUUID());
  writeGuid(h, 32, crypto.randomUUID());
  v.setUint16(66, 1, true); // Version
  v.setUint32(68, logLength, true);
  v.setBigUint64(72, BigInt(logOffset), true);
  v.setUint32(4, crc32c(h), true);
  return h;
}

function regionTable(entries: [string, number, number][]): Uint8Array {
  const t = new Uint8Array(REGION_TABLE_SIZE);
  const v = le(t);
  t.set(new TextEncoder().encode("regi"));
  v.setUint32(8, entries.length, true);
  entries.forEach(([guid, offset, length], i) => {
    const at = 16 + i * 32;
    writeGuid(t, at, guid);
    v.setBigUint64(at + 16, BigInt(offset), true);
    v.setUint32(at + 24, length, true);
    v.setUint32(at + 28, 1, true); // Required
  });
  v.setUint32(4, crc32c(t), true);
  return t;
}

function metadataRegion(virtualSize: number, blockSize: number, logical: number, physical: number): Uint8Array {
  const r = new Uint8Array(MiB);
  const v = le(r);
  r.set(new TextEncoder().encode("metadata"));
  // §2.6.1.2 flags: bit 1 IsVirtualDisk, bit 2 IsRequired.
  const items: [string, number, (at: number) => void, number][] = [
    [ITEM.fileParameters, 8, (at) => v.setUint32(at, blockSize, true), 4],
    [ITEM.virtualDiskSize, 8, (at) => v.setBigUint64(at, BigInt(virtualSize), true), 6],
    [ITEM.virtualDiskId, 16, (at) => writeGuid(r, at, crypto.randomUUID()), 6],
    [ITEM.logicalSectorSize, 4, (at) => v.setUint32(at, logical, true), 6],
    [ITEM.physicalSectorSize, 4, (at) => v.setUint32(at, physical, true), 6],
  ];
  v.setUint16(10, items.length, true);
  let dataAt = METADATA_TABLE_SIZE;
  items.forEach(([id, length, write, flags], i) => {
    const at = 32 + i * 32;
    writeGuid(r, at, id);
    v.setUint32(at + 16, dataAt, true);
    v.setUint32(at + 20, length, true);
    v.setUint32(at + 24, flags, true);
    write(dataAt);
    dataAt += length;
  });
  return r;
}
