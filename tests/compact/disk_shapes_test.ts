import { test } from "node:test";
import assert from "node:assert/strict";
import { checkBothModes } from "./both_modes.ts";

const MiB = 2 ** 20;

test("a filesystem smaller than its disk keeps the garbage past its end and every file", async () => {
  const r = await checkBothModes({ size: "64M", diskSize: 128 * MiB, garbageMiB: 20 });
  assert.ok(r.copy.sizeAfter < r.before);
  assert.ok(r.copy.keptBlocks >= 2, "the blocks past the filesystem that hold data are kept");
});

test("32 MiB blocks compact in both modes", async () => {
  const r = await checkBothModes({ size: "512M", mkfsArgs: ["-b", "4096"], blockSize: "32M", garbageMiB: 100, largeFilesKiB: [512], smallFiles: 0 });
  assert.ok(r.copy.droppedBlocks >= 2 && r.inPlace.sizeAfter < r.before);
});

test("fallocated (uninitialized) extents stay allocated and read back as zeros", async () => {
  const r = await checkBothModes({ size: "64M", garbageMiB: 10, fallocate: [{ name: "prealloc", blocks: 2048 }, { name: "small", blocks: 3 }] });
  assert.ok(r.copy.sizeAfter < r.before);
});

test("thousands of small files survive both modes", async () => {
  const r = await checkBothModes({ size: "96M", smallFiles: 2000, garbageMiB: 20, largeFilesKiB: [] });
  assert.ok(r.copy.keptBlocks > 5);
});

test("without scrubbing the kept blocks keep their free bytes and the files are still intact", async () => {
  const r = await checkBothModes({ size: "64M", garbageMiB: 12 }, { scrub: false });
  assert.ok(r.copy.sizeAfter < r.before);
});
