/**
 * What a filesystem reader needs from a disk image: its size and random reads of its contents.
 * The VHDX engine provides one; {@link RawDisk} adapts a raw image file.
 * @module
 */
import type { BlockFile } from "./block_file.ts";

/** The virtual contents of a disk image, read-only. */
export interface VirtualDisk {
  /** Virtual size in bytes. */
  readonly size: number;
  /** Logical sector size in bytes (512 or 4096). */
  readonly logicalSectorSize: number;
  /** Reads `length` bytes of virtual contents at `offset` (unallocated space reads as zeros). */
  readAt(offset: number, length: number): Promise<Uint8Array>;
}

/** A raw image file (as `qemu-img convert -O raw` or `mke2fs` on a plain file makes) seen as a {@link VirtualDisk}. */
export class RawDisk implements VirtualDisk {
  readonly size: number;
  readonly logicalSectorSize: number;
  #file: BlockFile;
  constructor(file: BlockFile, size: number, logicalSectorSize = 512) {
    this.#file = file;
    this.size = size;
    this.logicalSectorSize = logicalSectorSize;
  }
  /** Opens a raw image over an already opened file, taking the file size as the disk size. */
  static async over(file: BlockFile, logicalSectorSize = 512): Promise<RawDisk> {
    return new RawDisk(file, await file.size(), logicalSectorSize);
  }
  readAt(offset: number, length: number): Promise<Uint8Array> {
    return this.#file.read(offset, length);
  }
}
