/**
 * The emulated virtual disk service's own small VHDX code, independent of the product's engine
 * (core/vhdx, core/compact): find the payload blocks through the region table, the metadata and
 * the BAT ([MS-VHDX] §2.2–2.5), zero byte ranges inside present blocks (what the emulated `fstrim`
 * leaves behind) and drop blocks whose bytes are all zero (what `compact vdisk` / `Optimize-VHD`
 * do to a disk whose file system they cannot read, docs/windows-facts.md §9). Only what a dynamic
 * VHDX with an empty log needs; anything else is refused with an error.
 * @module
 */
import type { BlockFile } from "../core/io/block_file.ts";

const KiB = 1024;
const MiB = 1024 * KiB;
/** [MS-VHDX] §2.2.2: the two headers at 64 KiB and 128 KiB; §2.2.3: the region table at 192 KiB. */
const HEADER_OFFSETS = [64 * KiB, 128 * KiB];
const REGION_TABLE_OFFSET = 192 * KiB;
/** §2.2.3.1 region GUIDs. */
const BAT_GUID = "2dc27766-f623-4200-9d64-115e9bfd4a08";
const METADATA_GUID = "8b7ca206-4790-4b9a-b8fe-575f050f886e";
/** §2.6.2 metadata item GUIDs. */
const FILE_PARAMETERS = "caa16737-fa36-4d43-b3b6-33f0aa44e76b";
const VIRTUAL_DISK_SIZE = "2fa54224-cd1b-4876-b211-5dbed83bf4b8";
const LOGICAL_SECTOR_SIZE = "8141bf1d-a96f-4709-ba47-f233a8faab5f";
const PHYSICAL_SECTOR_SIZE = "cda348c7-445d-4471-9cc9-e9885251c556";
/** §2.5.1.1 payload block states. */
const NOT_PRESENT = 0;
const FULLY_PRESENT = 6;
/** §2.5.1: the state is the low 3 bits, the file offset in MiB the bits 20–63. */
const STATE_MASK = 7n;
const OFFSET_SHIFT = 20n;

/** Where a dynamic VHDX keeps its blocks. */
export interface VhdxBlocks {
  blockSize: number;
  virtualSize: number;
  logicalSectorSize: number;
  physicalSectorSize: number;
  batOffset: number;
  /** Payload blocks per sector bitmap block (§2.5: 2^23 × logical sector size / block size). */
  chunkRatio: number;
  payloadBlocks: number;
  /** End of the last region (headers, log, BAT, metadata): nothing below it moves. */
  regionsEnd: number;
}

/** A byte range of the virtual disk. */
export interface ByteRange {
  offset: number;
  length: number;
}

function guidAt(b: Uint8Array, at: number): string {
  const hex = (from: number, to: number, reverse: boolean) => {
    const bytes = Array.from(b.subarray(at + from, at + to));
    return (reverse ? bytes.reverse() : bytes).map((x) => x.toString(16).padStart(2, "0")).join("");
  };
  // GUIDs are stored with their first three fields little-endian.
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10, false)}-${hex(10, 16, false)}`;
}

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** Reads the layout of the VHDX in `file`. Throws on anything but a dynamic VHDX with an empty log. */
export async function readVhdxBlocks(file: BlockFile): Promise<VhdxBlocks> {
  if (ascii(await file.read(0, 8), 0, 8) !== "vhdxfile") throw new Error("not a VHDX file");
  let current: { seq: bigint; logGuid: string; logEnd: number } | undefined;
  for (const at of HEADER_OFFSETS) {
    const h = await file.read(at, 4 * KiB);
    if (ascii(h, 0, 4) !== "head") continue;
    // §2.2.2: SequenceNumber at 8, LogGuid at 48, LogLength at 68, LogOffset at 72.
    const seq = view(h).getBigUint64(8, true);
    const logEnd = Number(view(h).getBigUint64(72, true)) + view(h).getUint32(68, true);
    if (!current || seq > current.seq) current = { seq, logGuid: guidAt(h, 48), logEnd };
  }
  if (!current) throw new Error("no VHDX header");
  if (current.logGuid !== "00000000-0000-0000-0000-000000000000") throw new Error("the VHDX log is not empty");
  const rt = await file.read(REGION_TABLE_OFFSET, 64 * KiB);
  if (ascii(rt, 0, 4) !== "regi") throw new Error("no VHDX region table");
  const regions = new Map<string, { offset: number; length: number }>();
  let regionsEnd = Math.max(1 * MiB, current.logEnd);
  for (let i = 0; i < view(rt).getUint32(8, true); i++) {
    const e = 16 + i * 32;
    const offset = Number(view(rt).getBigUint64(e + 16, true));
    const length = view(rt).getUint32(e + 24, true);
    regions.set(guidAt(rt, e), { offset, length });
    regionsEnd = Math.max(regionsEnd, offset + length);
  }
  const bat = regions.get(BAT_GUID), meta = regions.get(METADATA_GUID);
  if (!bat || !meta) throw new Error("the VHDX has no BAT or metadata region");
  const items = await metadataItems(file, meta);
  const blockSize = items.u32(FILE_PARAMETERS, 0);
  if (items.u32(FILE_PARAMETERS, 4) & 2) throw new Error("differencing VHDX files are not emulated");
  const virtualSize = Number(items.u64(VIRTUAL_DISK_SIZE));
  const logicalSectorSize = items.u32(LOGICAL_SECTOR_SIZE, 0);
  const physicalSectorSize = items.u32(PHYSICAL_SECTOR_SIZE, 0);
  const chunkRatio = (2 ** 23 * logicalSectorSize) / blockSize;
  return { blockSize, virtualSize, logicalSectorSize, physicalSectorSize, batOffset: bat.offset, chunkRatio, payloadBlocks: Math.ceil(virtualSize / blockSize), regionsEnd };
}

async function metadataItems(file: BlockFile, meta: { offset: number; length: number }) {
  const m = await file.read(meta.offset, meta.length);
  if (ascii(m, 0, 8) !== "metadata") throw new Error("no VHDX metadata table");
  const found = new Map<string, Uint8Array>();
  for (let i = 0; i < view(m).getUint16(10, true); i++) {
    const e = 32 + i * 32;
    const at = view(m).getUint32(e + 16, true), length = view(m).getUint32(e + 20, true);
    found.set(guidAt(m, e), m.subarray(at, at + length));
  }
  const item = (guid: string) => {
    const v = found.get(guid);
    if (!v) throw new Error(`VHDX metadata item ${guid} missing`);
    return view(v);
  };
  return { u32: (g: string, at: number) => item(g).getUint32(at, true), u64: (g: string) => item(g).getBigUint64(0, true) };
}

/** BAT index of payload block `n` (§2.5: a sector bitmap entry follows every `chunkRatio` payload entries). */
function batIndex(l: VhdxBlocks, n: number): number {
  return n + Math.floor(n / l.chunkRatio);
}

async function batEntry(file: BlockFile, l: VhdxBlocks, n: number): Promise<{ state: number; fileOffset: number }> {
  const raw = view(await file.read(l.batOffset + batIndex(l, n) * 8, 8)).getBigUint64(0, true);
  return { state: Number(raw & STATE_MASK), fileOffset: Number(raw >> OFFSET_SHIFT) * MiB };
}

async function setBatEntry(file: BlockFile, l: VhdxBlocks, n: number, state: number, fileOffset: number): Promise<void> {
  const b = new Uint8Array(8);
  view(b).setBigUint64(0, (BigInt(fileOffset / MiB) << OFFSET_SHIFT) | BigInt(state), true);
  await file.write(l.batOffset + batIndex(l, n) * 8, b);
}

/** Payload blocks stored in the file: block number and file offset, in block order. */
export async function presentBlocks(file: BlockFile, l: VhdxBlocks): Promise<{ block: number; fileOffset: number }[]> {
  const bat = view(await file.read(l.batOffset, batIndex(l, l.payloadBlocks - 1) * 8 + 8));
  const out = [];
  for (let n = 0; n < l.payloadBlocks; n++) {
    const raw = bat.getBigUint64(batIndex(l, n) * 8, true);
    if (Number(raw & STATE_MASK) === FULLY_PRESENT) out.push({ block: n, fileOffset: Number(raw >> OFFSET_SHIFT) * MiB });
  }
  return out;
}

/** Bytes held in stored payload blocks (what a guest wrote and nobody reclaimed). */
export async function storedPayloadBytes(file: BlockFile): Promise<number> {
  const l = await readVhdxBlocks(file);
  return (await presentBlocks(file, l)).length * l.blockSize;
}

/**
 * Writes zeros over `ranges` of the virtual disk where blocks are stored (blocks not stored already
 * read as zeros and stay unstored), as a guest's discards leave them.
 * @returns the bytes zeroed
 */
export async function zeroVirtualRanges(file: BlockFile, ranges: ByteRange[], beforeBlock?: () => Promise<void>): Promise<number> {
  const l = await readVhdxBlocks(file);
  let zeroed = 0;
  for (const r of ranges) {
    for (let at = r.offset; at < r.offset + r.length;) {
      const n = Math.floor(at / l.blockSize);
      const end = Math.min(r.offset + r.length, (n + 1) * l.blockSize, l.virtualSize);
      if (end <= at) break;
      await beforeBlock?.();
      const e = await batEntry(file, l, n);
      if (e.state === FULLY_PRESENT) {
        await file.write(e.fileOffset + (at - n * l.blockSize), new Uint8Array(end - at));
        zeroed += end - at;
      }
      at = end;
    }
  }
  return zeroed;
}

const isZero = (b: Uint8Array) => b.every((x) => x === 0);

/**
 * Drops stored blocks whose bytes are all zero, moves the last stored blocks down into the free
 * space above the regions and cuts the file. Each move copies the block first and repoints its BAT
 * entry second, so a stop between any two steps leaves a valid file that reads the same.
 * @returns the file size before and after
 */
export async function dropZeroBlocks(file: BlockFile, beforeBlock?: () => Promise<void>): Promise<{ before: number; after: number }> {
  const before = await file.size();
  const l = await readVhdxBlocks(file);
  const kept: { block: number; fileOffset: number }[] = [];
  for (const b of await presentBlocks(file, l)) {
    await beforeBlock?.();
    if (isZero(await file.read(b.fileOffset, l.blockSize))) await setBatEntry(file, l, b.block, NOT_PRESENT, 0);
    else kept.push(b);
  }
  const fixed = await sectorBitmapOffsets(file, l);
  const taken = new Set([...kept.map((b) => b.fileOffset), ...fixed]);
  const first = Math.ceil(l.regionsEnd / MiB) * MiB;
  kept.sort((a, b) => b.fileOffset - a.fileOffset);
  let slot = first;
  for (const b of kept) {
    while (taken.has(slot) || overlapsTaken(taken, slot, l.blockSize)) slot += MiB;
    if (slot >= b.fileOffset) break;
    await beforeBlock?.();
    await file.write(slot, await file.read(b.fileOffset, l.blockSize));
    await setBatEntry(file, l, b.block, FULLY_PRESENT, slot);
    taken.delete(b.fileOffset);
    taken.add(slot);
    b.fileOffset = slot;
  }
  const end = Math.max(l.regionsEnd, ...kept.map((b) => b.fileOffset + l.blockSize), ...fixed.map((o) => o + MiB));
  if (end < before) await file.truncate(end);
  return { before, after: Math.min(before, end) };
}

/** True when a block of `size` bytes at `slot` would overlap a taken block (blocks may exceed 1 MiB). */
function overlapsTaken(taken: Set<number>, slot: number, size: number): boolean {
  for (const t of taken) if (t < slot + size && slot < t + size) return true;
  return false;
}

/** File offsets of stored sector bitmap blocks (dynamic disks have none; kept in place if present). */
async function sectorBitmapOffsets(file: BlockFile, l: VhdxBlocks): Promise<number[]> {
  const out = [];
  for (let k = 0; k * l.chunkRatio < l.payloadBlocks; k++) {
    const index = (k + 1) * (l.chunkRatio + 1) - 1;
    const raw = view(await file.read(l.batOffset + index * 8, 8)).getBigUint64(0, true);
    if (Number(raw & STATE_MASK) === FULLY_PRESENT) out.push(Number(raw >> OFFSET_SHIFT) * MiB);
  }
  return out;
}
