/**
 * Fixtures for the VHDX engine tests: sparse raw images with known data, hashing of files and of
 * virtual contents, and a BlockFile that "crashes" after a number of writes.
 * @module
 */
import { createHash } from "node:crypto";
import { copyFile, open } from "node:fs/promises";
import type { BlockFile } from "../../core/io/block_file.ts";
import type { VirtualDisk } from "../../core/io/virtual_disk.ts";

import { MiB, patternBytes } from "../support/pattern.ts";

export { MiB, patternBytes };

/** A data extent to put into a raw image: `length` pattern bytes at `offset`. */
export interface Extent {
  offset: number;
  length: number;
}

/** Extents spread over a disk: unaligned, straddling block boundaries, at the very end. */
export function spreadExtents(size: number): Extent[] {
  return [
    { offset: 0, length: 64 * 1024 },
    { offset: 5 * MiB + 12345, length: MiB + 777 },
    { offset: Math.floor(size / 2) - 4096, length: 3 * MiB },
    { offset: Math.floor(size * 0.8) + 512, length: 4096 },
    { offset: size - 8192, length: 8192 },
  ];
}

/** Makes a sparse raw image of `size` bytes holding pattern data at `extents`. */
export async function makeRawImage(path: string, size: number, extents: Extent[]): Promise<void> {
  const fh = await open(path, "wx");
  try {
    await fh.truncate(size);
    for (const [i, e] of extents.entries()) await fh.write(patternBytes(e.length, i + 1), 0, e.length, e.offset);
  } finally {
    await fh.close();
  }
}

/** SHA-256 of a file's bytes. */
export async function hashFile(path: string): Promise<string> {
  const fh = await open(path, "r");
  const h = createHash("sha256");
  try {
    const buf = new Uint8Array(4 * MiB);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await fh.close();
  }
  return h.digest("hex");
}

/** SHA-256 of a virtual disk's contents, read in 8 MiB pieces. */
export async function hashVirtual(disk: VirtualDisk): Promise<string> {
  const h = createHash("sha256");
  for (let o = 0; o < disk.size; o += 8 * MiB) h.update(await disk.readAt(o, Math.min(8 * MiB, disk.size - o)));
  return h.digest("hex");
}

/** Copies a file (fixtures are mutated on copies). */
export function copy(src: string, dst: string): Promise<void> {
  return copyFile(src, dst);
}

/** Thrown by {@link CrashingFile} when its write budget is spent. */
export class SimulatedCrash extends Error {}

/**
 * Wraps a BlockFile and "loses power" after `writesLeft` writes: that write and all later ones
 * (and truncates) throw {@link SimulatedCrash} without reaching the file.
 */
export class CrashingFile implements BlockFile {
  writes = 0;
  constructor(private inner: BlockFile, private writesLeft: number) {}
  read(position: number, length: number) { return this.inner.read(position, length); }
  async write(position: number, bytes: Uint8Array) {
    if (this.writesLeft-- <= 0) throw new SimulatedCrash(`crash before write ${this.writes}`);
    this.writes++;
    await this.inner.write(position, bytes);
  }
  sync() { return this.inner.sync(); }
  async truncate(length: number) {
    if (this.writesLeft <= 0) throw new SimulatedCrash("crash before truncate");
    await this.inner.truncate(length);
  }
  size() { return this.inner.size(); }
  close() { return this.inner.close(); }
}
