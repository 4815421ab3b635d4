import { test } from "node:test";
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { allocatedSize, compressedFileSize } from "./allocated_size.ts";

const MiB = 1024 * 1024;

test("fs.stat blocks alone give the size on disk (libuv: AllocationSize / 512)", () => {
  assert.deepEqual(allocatedSize({ size: 64 * MiB, blocks: 6144 }, undefined), { bytes: 3 * MiB, source: "fs.stat blocks" });
});

test("GetCompressedFileSizeW alone gives the size on disk", () => {
  assert.deepEqual(allocatedSize({ size: 64 * MiB }, 5 * MiB), { bytes: 5 * MiB, source: "GetCompressedFileSizeW" });
});

test("with both the smaller wins: Wine answers GetCompressedFileSizeW with the full length", () => {
  // Measured under Wine 8 with the Bun .exe on a 64 MiB file holding 3 MiB: blocks 6144, compressed 67108864.
  assert.deepEqual(allocatedSize({ size: 64 * MiB, blocks: 6144 }, 64 * MiB), { bytes: 3 * MiB, source: "both" });
});

test("a runtime with neither source (Deno on Windows has no blocks) counts a sparse file as holding nothing, never as full", () => {
  // The old code took the logical size, so un-sparsing looked free and could fill the drive (WSL#11664).
  assert.deepEqual(allocatedSize({ size: 64 * MiB, blocks: null }, undefined), { bytes: 0, source: "none" });
});

test("Node and Deno have no FFI source, nor Bun where kernel32.dll does not load; Bun on Windows reads a real file's size", async () => {
  const self = fileURLToPath(import.meta.url);
  const got = await compressedFileSize(self);
  if ("Bun" in globalThis && process.platform === "win32") assert.equal(got, statSync(self).size, "an uncompressed file's size on disk is its length");
  else assert.equal(got, undefined);
});
