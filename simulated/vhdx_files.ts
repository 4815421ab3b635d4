/**
 * What the emulated Windows tools and the machine builder do to real VHDX files, through the
 * project's own engine (core/vhdx, core/compact): write a new dynamic VHDX (`wsl --import`, a blank
 * disk), count its present bytes, and reclaim blocks the way the virtual disk service does
 * (`diskpart compact vdisk`, `Optimize-VHD`).
 * @module
 */
import type { BlockFile } from "../core/io/block_file.ts";
import { openVhdx } from "../core/vhdx/open_vhdx.ts";
import { createVhdx } from "../core/vhdx/create_vhdx.ts";
import type { Vhdx } from "../core/vhdx/vhdx.ts";
import { compactInPlace } from "../core/compact/compact_in_place.ts";
import { isAllZero } from "../core/compact/block_bytes.ts";
import { type KeepBasis, keepBasisFor } from "../core/compact/used_map_source.ts";
import type { FilesystemReport } from "../core/disk/filesystem_report.ts";

const MiB = 1024 * 1024;
/** WSL creates its disks with 1 MiB blocks and 512-byte logical, 4 KiB physical sectors (docs/research.md §9). */
const WSL_DISK = { blockSize: MiB, logicalSectorSize: 512, physicalSectorSize: 4096 } as const;

/** Called before each read of the file (the emulated tool's per-chunk delay and Ctrl-C check). */
export type BeforeRead = () => Promise<void>;

/** Options for {@link writeNewVhdx}. */
export interface NewVhdxOptions {
  virtualSize: number;
  /** Bytes to place at the start of the virtual disk; all-zero blocks are not stored. */
  content?: { file: BlockFile; length: number };
  beforeBlock?: BeforeRead;
}

/**
 * Writes a new dynamic VHDX into the empty file `out`, as WSL lays one out (core/vhdx createVhdx).
 * @example
 * await writeNewVhdx(await openBlockFile("blank.vhdx", "create"), { virtualSize: 2 ** 30 });
 */
export async function writeNewVhdx(out: BlockFile, opts: NewVhdxOptions): Promise<void> {
  const writer = await createVhdx(out, { virtualSize: opts.virtualSize, ...WSL_DISK });
  const length = Math.min(opts.content?.length ?? 0, opts.virtualSize);
  for (let b = 0; b * MiB < length; b++) {
    await opts.beforeBlock?.();
    const data = await opts.content!.file.read(b * MiB, Math.min(MiB, length - b * MiB));
    if (!isAllZero(data)) await writer.writeBlock(b, data);
  }
  await writer.finish();
}

/** Bytes held in the FULLY_PRESENT payload blocks of the VHDX in `file`. */
export async function presentBytes(file: BlockFile): Promise<number> {
  return (await openVhdx(file)).allocatedBytes();
}

/** The keep basis of a disk nobody trimmed: the virtual disk service can only see all-zero blocks. */
function zeroBlocksOnly(): Promise<KeepBasis> {
  const report: FilesystemReport = { type: "unknown", partitionOffset: 0, blockSize: 0, totalBlocks: 0, freeBlocks: 0, usedBytes: 0, clean: false, trusted: false, reason: "not trimmed" };
  return Promise.resolve({ report, map: null, fallbackNote: "dropping all-zero blocks only" });
}

/**
 * After fstrim the guest has discarded every free filesystem block, so the service also frees the
 * blocks that hold no used data: the ext4 used-block map stands in for the discards. A filesystem
 * that cannot be read that way was not trimmed in any way the emulation can know.
 */
async function trimmedBlocks(vhdx: Vhdx): Promise<KeepBasis> {
  try {
    return await keepBasisFor(vhdx);
  } catch {
    return zeroBlocksOnly();
  }
}

/** Wraps `file` so that `beforeRead` runs before each read. */
function withReadHook(file: BlockFile, beforeRead: BeforeRead): BlockFile {
  return {
    read: async (position, length) => (await beforeRead(), file.read(position, length)),
    write: (position, bytes) => file.write(position, bytes),
    sync: () => file.sync(),
    truncate: (length) => file.truncate(length),
    size: () => file.size(),
    close: () => file.close(),
  };
}

/**
 * Compacts the VHDX in `file` in place the way the virtual disk service does: all-zero payload
 * blocks go, and after a trim (`trimmed`) so do the blocks the guest discarded; the rest move down
 * and the file is cut (core/compact compactInPlace, crash-safe through the VHDX log).
 * @returns the file size before and after
 */
export async function reclaimBlocks(file: BlockFile, opts: { trimmed: boolean; beforeRead?: BeforeRead }): Promise<{ before: number; after: number }> {
  const target = opts.beforeRead ? withReadHook(file, opts.beforeRead) : file;
  const r = await compactInPlace(target, { scrub: false, basis: opts.trimmed ? trimmedBlocks : zeroBlocksOnly });
  return { before: r.sizeBefore, after: r.sizeAfter };
}
