/**
 * The block allocation table (MS-VHDX §2.5): 64-bit entries, payload entries interleaved with one
 * sector-bitmap entry per chunk. Entry: bits 0–2 state, 3–19 reserved, 20–63 file offset in MiB.
 * @module
 */
import { InvalidImageError } from "../errors.ts";
import { MiB } from "./header.ts";

/** Payload block states (§2.5.1.1); 5 is a draft-spec "unmapped" that qemu still accepts. */
export enum PayloadBlockState {
  NotPresent = 0,
  Undefined = 1,
  Zero = 2,
  Unmapped = 3,
  UnmappedDraft = 5,
  FullyPresent = 6,
  PartiallyPresent = 7,
}

/** Size of one BAT entry in bytes. */
export const BAT_ENTRY_SIZE = 8;
/** Logical sectors described by one sector bitmap block: 2^23 (§2.4). */
export const SECTORS_PER_BITMAP = 2 ** 23;

/** The BAT geometry that follows from the disk parameters. */
export interface BatGeometry {
  blockSize: number;
  chunkRatio: number;
  /** Number of payload blocks (ceil(virtualSize / blockSize)). */
  blockCount: number;
  /** Number of BAT entries for a dynamic or fixed disk (§2.5). */
  entryCount: number;
}

/** Computes chunk ratio, payload block count and BAT entry count (§2.4, §2.5). */
export function batGeometry(virtualSize: number, blockSize: number, logicalSectorSize: number): BatGeometry {
  const chunkRatio = (SECTORS_PER_BITMAP * logicalSectorSize) / blockSize;
  const blockCount = Math.ceil(virtualSize / blockSize);
  const entryCount = blockCount + Math.floor((blockCount - 1) / chunkRatio);
  return { blockSize, chunkRatio, blockCount, entryCount };
}

/** The BAT entry index of payload block `block`: b + floor(b / chunkRatio). */
export function payloadEntryIndex(block: number, chunkRatio: number): number {
  return block + Math.floor(block / chunkRatio);
}

/** A decoded BAT entry. */
export interface BatEntry {
  state: number;
  /** File offset in bytes (FileOffsetMB × 1 MiB). */
  fileOffset: number;
  /** Whether reserved bits 3–19 are non-zero. */
  reservedBits: boolean;
}

/** Decodes entry `index` of a BAT held in `bat`. */
export function readBatEntry(bat: Uint8Array, index: number): BatEntry {
  const at = index * BAT_ENTRY_SIZE;
  const low = (bat[at] | (bat[at + 1] << 8) | (bat[at + 2] << 16) | (bat[at + 3] << 24)) >>> 0;
  const high = (bat[at + 4] | (bat[at + 5] << 8) | (bat[at + 6] << 16) | (bat[at + 7] << 24)) >>> 0;
  const offsetMiB = (low >>> 20) + high * 4096;
  return { state: low & 7, fileOffset: offsetMiB * MiB, reservedBits: ((low >>> 3) & 0x1ffff) !== 0 };
}

/** Encodes a BAT entry (file offset must be a multiple of 1 MiB; pass 0 for non-present states). */
export function encodeBatEntry(state: number, fileOffset: number): Uint8Array {
  if (fileOffset % MiB !== 0 || fileOffset < 0) throw new RangeError(`BAT file offset ${fileOffset} is not a multiple of 1 MiB`);
  const offsetMiB = fileOffset / MiB;
  const low = (((offsetMiB % 4096) << 20) | (state & 7)) >>> 0;
  const high = Math.floor(offsetMiB / 4096);
  const out = new Uint8Array(8);
  const v = new DataView(out.buffer);
  v.setUint32(0, low, true);
  v.setUint32(4, high, true);
  return out;
}

/** A span of the file that payload blocks must not touch. */
export interface ReservedSpan {
  start: number;
  end: number;
  what: string;
}

/**
 * Checks every payload entry: known state, no PARTIALLY_PRESENT in a non-differencing disk,
 * present blocks 1 MiB aligned, inside the file, clear of `reserved` spans and of each other.
 * Sector-bitmap entries of a dynamic disk are ignored (older qemu left garbage there).
 * @throws InvalidImageError naming the first offending block
 */
export function validateBat(bat: Uint8Array, g: BatGeometry, fileSize: number, reserved: ReservedSpan[]): void {
  const bad = (why: string) => new InvalidImageError(`Not a usable VHDX: ${why}; the file is corrupt (try \`qemu-img check\`) or was truncated.`);
  const offsets = new Float64Array(g.blockCount);
  let present = 0;
  for (let b = 0; b < g.blockCount; b++) {
    const e = readBatEntry(bat, payloadEntryIndex(b, g.chunkRatio));
    if (e.state === PayloadBlockState.PartiallyPresent) throw bad(`block ${b} is PARTIALLY_PRESENT, which only differencing disks may use`);
    if (e.state === 4) throw bad(`block ${b} has reserved BAT state 4`);
    if (e.state !== PayloadBlockState.FullyPresent) continue;
    if (e.fileOffset < MiB) throw bad(`block ${b} points into the header section`);
    if (e.fileOffset + g.blockSize > fileSize) throw bad(`block ${b} at ${e.fileOffset} extends past the end of the file (${fileSize} bytes)`);
    for (const r of reserved) {
      if (e.fileOffset < r.end && e.fileOffset + g.blockSize > r.start) throw bad(`block ${b} overlaps the ${r.what}`);
    }
    offsets[present++] = e.fileOffset;
  }
  const sorted = offsets.subarray(0, present).sort();
  for (let i = 1; i < present; i++) {
    if (sorted[i - 1] + g.blockSize > sorted[i]) throw bad(`two payload blocks overlap at file offset ${sorted[i]}`);
  }
}
