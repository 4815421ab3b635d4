import { test } from "node:test";
import assert from "node:assert/strict";
import { MemoryBlockFile } from "../io/block_file.ts";
import { RawDisk } from "../io/virtual_disk.ts";
import type { VirtualDisk } from "../io/virtual_disk.ts";
import type { FilesystemReader, VolumeExtent } from "./filesystem_reader.ts";
import { readFilesystem } from "./read_filesystem.ts";

const DISK_BYTES = 1024 * 1024;

/** A disk whose first sector carries the XFS superblock magic ("XFSB", the only thing we check). */
async function xfsDisk(): Promise<VirtualDisk> {
  const bytes = new Uint8Array(DISK_BYTES);
  bytes.set(new TextEncoder().encode("XFSB"), 0);
  return RawDisk.over(new MemoryBlockFile(bytes));
}

/** A stand-in second filesystem reader that records where it was asked to read. */
function xfsReader(calls: VolumeExtent[]): FilesystemReader {
  return {
    signature: "xfs",
    types: ["xfs"],
    read(_disk, at) {
      calls.push(at);
      return Promise.resolve({ type: "xfs", partitionOffset: at.offset, blockSize: 4096, totalBlocks: 256, freeBlocks: 200, usedBytes: 56 * 4096, clean: true, trusted: true });
    },
  };
}

test("a registered reader receives the filesystem its signature marks", async () => {
  const calls: VolumeExtent[] = [];
  const report = await readFilesystem(await xfsDisk(), [xfsReader(calls)]);
  assert.deepEqual(calls, [{ offset: 0, length: DISK_BYTES }]);
  assert.equal(report.type, "xfs");
  assert.equal(report.trusted, true);
});

test("a filesystem without a registered reader is reported as not understood", async () => {
  const report = await readFilesystem(await xfsDisk(), []);
  assert.equal(report.type, "xfs");
  assert.equal(report.trusted, false);
  assert.equal(report.reason, "xfs filesystem not understood: only zero blocks can be reclaimed");
});

test("an all-zero disk is reported as holding no filesystem", async () => {
  const report = await readFilesystem(await RawDisk.over(new MemoryBlockFile(new Uint8Array(DISK_BYTES))), []);
  assert.equal(report.type, "none");
  assert.equal(report.trusted, false);
});
