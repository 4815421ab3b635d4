/**
 * The compaction interop recipe on whichever runtime runs this file: a bloated ext4 disk made by
 * mke2fs/debugfs/qemu-img, compacted by copy and in place, both results held to `qemu-img check`,
 * `e2fsck -fn` and the source's files (tests/compact/both_modes.ts). `npm run test:bun` runs it so
 * Bun's own file I/O is judged, not only Node's and Deno's; tests/packaging/compile_test.ts runs the
 * same recipe through the compiled Linux binary.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkBothModes } from "./both_modes.ts";

test("copy and in-place compaction on this runtime pass qemu-img check, e2fsck -fn and the file comparison", async () => {
  const { before, copy, inPlace } = await checkBothModes({ size: "32M", smallFiles: 24, largeFilesKiB: [700, 1500], garbageMiB: 8 });
  assert.ok(copy.sizeAfter < before - 6 * 1024 * 1024, `copy: ${before} -> ${copy.sizeAfter}`);
  assert.ok(inPlace.sizeAfter < before - 6 * 1024 * 1024, `in place: ${before} -> ${inPlace.sizeAfter}`);
});
