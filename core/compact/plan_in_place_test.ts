import { test } from "node:test";
import assert from "node:assert/strict";
import { type FileLayout, planInPlace } from "./plan_in_place.ts";

const MiB = 1024 * 1024;
/** The VHDX header section (MS-VHDX §2.1), which the VHDX layout always reserves. */
const HEADER_SECTION = { start: 0, end: MiB };
/** A qemu-like layout: regions up to 4 MiB, then blocks appended in order. */
function layout(blockCount: number, blockSize = MiB): FileLayout {
  return {
    fileSize: 4 * MiB + blockCount * blockSize,
    blockSize,
    alignment: MiB,
    reserved: [HEADER_SECTION, { start: MiB, end: 2 * MiB }, { start: 2 * MiB, end: 3 * MiB }, { start: 3 * MiB, end: 4 * MiB }],
    blocks: Array.from({ length: blockCount }, (_, i) => ({ block: i, offset: 4 * MiB + i * blockSize })),
  };
}

test("dropped blocks leave holes that the last kept blocks move into, highest first", () => {
  const plan = planInPlace(layout(10), (b) => b % 2 === 0);
  assert.deepEqual(plan.drops, [1, 3, 5, 7, 9]);
  assert.deepEqual(plan.moves, [
    { block: 8, from: 12 * MiB, to: 5 * MiB },
    { block: 6, from: 10 * MiB, to: 7 * MiB },
  ]);
  assert.equal(plan.truncateTo, 9 * MiB);
  assert.equal(plan.movedBytes, 2 * MiB);
});

test("a move's source is never another move's destination", () => {
  const keep = new Set([0, 3, 4, 9, 11, 12, 17, 19]);
  const plan = planInPlace(layout(20), (b) => keep.has(b));
  const sources = new Set(plan.moves.map((m) => m.from));
  for (const m of plan.moves) assert.ok(!sources.has(m.to) && m.to < m.from);
  assert.equal(plan.truncateTo, 4 * MiB + keep.size * MiB);
});

test("nothing moves when the kept blocks are already packed; the tail is cut", () => {
  const plan = planInPlace(layout(6), (b) => b < 3);
  assert.deepEqual(plan.moves, []);
  assert.equal(plan.truncateTo, 7 * MiB);
});

test("the file is never cut below its regions, even when every block goes", () => {
  const l = layout(4);
  l.reserved.push({ start: 20 * MiB, end: 21 * MiB });
  l.fileSize = 24 * MiB;
  assert.equal(planInPlace(l, () => false).truncateTo, 21 * MiB);
});

test("large blocks only move into holes they fit in whole", () => {
  const bs = 32 * MiB;
  const l: FileLayout = {
    fileSize: 4 * MiB + 3 * bs + 2 * MiB, blockSize: bs, alignment: MiB, reserved: [HEADER_SECTION, { start: MiB, end: 4 * MiB }],
    // a 33 MiB gap at 4 MiB would take one block; block 2 sits after a 1 MiB gap
    blocks: [{ block: 0, offset: 4 * MiB }, { block: 1, offset: 4 * MiB + bs + MiB }, { block: 2, offset: 4 * MiB + 2 * bs + 2 * MiB }],
  };
  const plan = planInPlace(l, (b) => b !== 0);
  assert.deepEqual(plan.moves, [{ block: 2, from: 4 * MiB + 2 * bs + 2 * MiB, to: 4 * MiB }]);
  assert.equal(plan.truncateTo, 4 * MiB + 2 * bs + MiB);
});

test("spans reserved for entries in other states are not used as holes", () => {
  const l = layout(4);
  l.blocks = l.blocks.filter((b) => b.block !== 1);
  l.reserved.push({ start: 5 * MiB, end: 6 * MiB });
  const plan = planInPlace(l, () => true);
  assert.deepEqual(plan.moves, []);
  assert.equal(plan.truncateTo, 8 * MiB);
});
