import { test } from "node:test";
import assert from "node:assert/strict";
import type { UsedBlockMap } from "../disk/used_block_map.ts";
import { blockWindow, coveringRange, isAllZero, scrubOutside, usedBytesNonZero, usedRangesIn } from "./block_bytes.ts";

/** 4 KiB units from disk offset 1 MiB, 16 units, units 2, 3 and 9 used. */
const map: UsedBlockMap = { offset: 1 << 20, unitSize: 4096, unitCount: 16, bits: Uint8Array.from([0b00001100, 0b00000010]), fsBytes: 16 * 4096 };
const base = 1 << 20;

test("without a map every byte of the window is used", () => {
  assert.deepEqual(usedRangesIn(null, [0, 100]), [[0, 100]]);
});

test("used ranges are the window minus free units, and bytes outside the filesystem count as used", () => {
  assert.deepEqual(usedRangesIn(map, [base, base + 16 * 4096]), [[base + 2 * 4096, base + 4 * 4096], [base + 9 * 4096, base + 10 * 4096]]);
  assert.deepEqual(usedRangesIn(map, [base - 10, base + 4096]), [[base - 10, base]]);
  assert.deepEqual(usedRangesIn(map, [base + 4 * 4096, base + 9 * 4096]), []);
});

test("the covering range spans the first to the last used byte", () => {
  assert.deepEqual(coveringRange([[5, 10], [20, 30]]), [5, 30]);
  assert.equal(coveringRange([]), null);
});

test("scrubbing zeroes every byte outside the used ranges and nothing inside", () => {
  const bytes = new Uint8Array(100).fill(7);
  scrubOutside(bytes, 1000, [[1010, 1020], [1050, 1060]]);
  assert.equal(bytes.slice(0, 10).every((b) => b === 0), true);
  assert.equal(bytes.slice(10, 20).every((b) => b === 7), true);
  assert.equal(bytes.slice(20, 50).every((b) => b === 0), true);
  assert.equal(bytes.slice(50, 60).every((b) => b === 7), true);
  assert.equal(bytes.slice(60).every((b) => b === 0), true);
});

test("non-zero detection looks only at used bytes", () => {
  const bytes = new Uint8Array(100);
  bytes[5] = 1;
  assert.equal(usedBytesNonZero(bytes, 0, [[10, 100]]), false);
  assert.equal(usedBytesNonZero(bytes, 0, [[0, 10]]), true);
});

test("isAllZero finds a single non-zero byte past the first mebibyte", () => {
  const bytes = new Uint8Array(3 * 1024 * 1024 + 5);
  assert.equal(isAllZero(bytes), true);
  bytes[bytes.length - 1] = 1;
  assert.equal(isAllZero(bytes), false);
  assert.equal(isAllZero(bytes.subarray(1, 10)), true);
});

test("the last block's window stops at the end of the disk", () => {
  assert.deepEqual(blockWindow(2, 1 << 20, (5 << 20) / 2), [2 << 20, (5 << 20) / 2]);
});
