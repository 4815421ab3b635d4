import { test } from "node:test";
import assert from "node:assert/strict";
import { countSetBits, freeRangesIn, isRangeUsed, setBits } from "./used_block_map.ts";
import type { UsedBlockMap } from "./used_block_map.ts";
import { orBitsAt } from "./bit_copy.ts";

/** 20 units of 4096 bytes at disk offset 1 MiB; units 0-2 and 10 used. */
function sampleMap(): UsedBlockMap {
  const bits = new Uint8Array(3);
  setBits(bits, 0, 3);
  setBits(bits, 10, 1);
  return { offset: 1 << 20, unitSize: 4096, unitCount: 20, bits, fsBytes: 20 * 4096 };
}

test("isRangeUsed is true when any byte touches a used unit", () => {
  const m = sampleMap();
  assert.equal(isRangeUsed(m, m.offset + 3 * 4096, 7 * 4096), false);
  assert.equal(isRangeUsed(m, m.offset + 3 * 4096, 7 * 4096 + 1), true);
  assert.equal(isRangeUsed(m, m.offset + 3 * 4096 - 1, 2), true);
});

test("isRangeUsed treats bytes before the filesystem or past its end as used", () => {
  const m = sampleMap();
  assert.equal(isRangeUsed(m, m.offset - 1, 2), true);
  assert.equal(isRangeUsed(m, m.offset + 19 * 4096, 4097), true);
  assert.equal(isRangeUsed(m, m.offset + 19 * 4096, 4096), false);
});

test("freeRangesIn returns merged free byte ranges clipped to the window and the filesystem", () => {
  const m = sampleMap();
  assert.deepEqual(freeRangesIn(m, 0, 1 << 30), [
    [m.offset + 3 * 4096, m.offset + 10 * 4096],
    [m.offset + 11 * 4096, m.offset + 20 * 4096],
  ]);
  assert.deepEqual(freeRangesIn(m, m.offset + 5 * 4096 + 100, 200), [[m.offset + 5 * 4096 + 100, m.offset + 5 * 4096 + 300]]);
  assert.deepEqual(freeRangesIn(m, m.offset, 3 * 4096), []);
});

test("freeRangesIn never reports the partial last unit past fsBytes", () => {
  const m = { ...sampleMap(), fsBytes: 19 * 4096 + 1024 };
  const ranges = freeRangesIn(m, 0, 1 << 30);
  assert.equal(ranges[ranges.length - 1][1], m.offset + 19 * 4096 + 1024);
});

test("orBitsAt copies a bitmap at an unaligned bit position without touching neighbours", () => {
  const dst = new Uint8Array(4);
  dst[0] = 0x01;
  const src = new Uint8Array([0xff, 0x81, 0x07]);
  orBitsAt(dst, 1, src, 19);
  const expected = new Uint8Array(4);
  expected[0] = 0x01;
  for (let i = 0; i < 19; i++) if (src[i >> 3] & (1 << (i & 7))) setBits(expected, i + 1, 1);
  assert.deepEqual(dst, expected);
  assert.equal(countSetBits(dst, 32), 1 + 8 + 2 + 3);
});
