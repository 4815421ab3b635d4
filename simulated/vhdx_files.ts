/**
 * What the emulated Windows tools and the machine builder do to real VHDX files: write a new dynamic
 * VHDX (`wsl --import`, a blank disk) through the emulator's own VHDX writer (simulated/vhdx_writer.ts), count its stored bytes, and reclaim
 * blocks the way the virtual disk service does for a file system it cannot read (`diskpart compact
 * vdisk`, `Optimize-VHD`): all-zero blocks go (docs/windows-facts.md §9). Reclaiming and counting use
 * the emulator's own small VHDX code (simulated/vhdx_blocks.ts), never the product's compactor or
 * ext4 reader: a trim is modelled by the emulated `fstrim` zeroing the free ranges e2fsprogs reported.
 * @module
 */
import type { BlockFile } from "../core/io/block_file.ts";
import { writeDynamicVhdx } from "./vhdx_writer.ts";
import { dropZeroBlocks, storedPayloadBytes } from "./vhdx_blocks.ts";

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
 * Writes a new dynamic VHDX into the empty file `out`, as WSL lays one out.
 * @example
 * await writeNewVhdx(await openBlockFile("blank.vhdx", "create"), { virtualSize: 2 ** 30 });
 */
export async function writeNewVhdx(out: BlockFile, opts: NewVhdxOptions): Promise<void> {
  const length = Math.min(opts.content?.length ?? 0, opts.virtualSize);
  async function* nonZeroBlocks(): AsyncIterable<[number, Uint8Array]> {
    for (let b = 0; b * MiB < length; b++) {
      await opts.beforeBlock?.();
      const data = await opts.content!.file.read(b * MiB, Math.min(MiB, length - b * MiB));
      if (data.some((x) => x !== 0)) yield [b, data];
    }
  }
  await writeDynamicVhdx(out, { virtualSize: opts.virtualSize, ...WSL_DISK }, nonZeroBlocks());
}

/** Bytes held in the stored payload blocks of the VHDX in `file`. */
export function presentBytes(file: BlockFile): Promise<number> {
  return storedPayloadBytes(file);
}

/**
 * Compacts the VHDX in `file` in place the way the virtual disk service does for a file system it
 * cannot read: stored blocks whose bytes are all zero go (after a trim inside the distro, that
 * includes the blocks the guest discarded), the rest move down and the file is cut.
 * @returns the file size before and after
 */
export function reclaimBlocks(file: BlockFile, opts: { beforeRead?: BeforeRead } = {}): Promise<{ before: number; after: number }> {
  return dropZeroBlocks(file, opts.beforeRead);
}
