import { test } from "node:test";
import assert from "node:assert/strict";
import { BlockFlag, type BlockCensus } from "./block_census.ts";
import { newFileSize, planCompaction, planZeroDrop } from "./plan_compaction.ts";

const MiB = 1024 * 1024;
const { Present, Used, UsedNonZero, NonZero } = BlockFlag;

function census(flags: number[], nonZeroKnown = true): BlockCensus {
  return { virtualSize: flags.length * MiB, blockSize: MiB, logicalSectorSize: 512, flags: Uint8Array.from(flags), nonZeroKnown, filesystemAware: true };
}

test("the native plan keeps exactly the present blocks whose used bytes are not all zero", () => {
  const c = census([0, Present, Present | Used, Present | Used | UsedNonZero | NonZero, Present | NonZero, Present | Used | UsedNonZero | NonZero]);
  const plan = planCompaction(c);
  assert.deepEqual(plan.kept, [3, 5]);
  assert.deepEqual(plan.dropped, [1, 2, 4]);
  assert.equal(plan.copySize, newFileSize(6 * MiB, MiB, 512, 2));
  assert.equal(plan.inPlace, null);
});

test("the zero-drop plan keeps every present block with a non-zero byte", () => {
  const c = census([Present | NonZero, Present, Present | Used | NonZero]);
  assert.deepEqual(planZeroDrop(c).kept, [0, 2]);
});

test("the zero-drop plan refuses a census that did not read whole blocks", () => {
  assert.throws(() => planZeroDrop(census([Present], false)), RangeError);
});

test("a new file is 3 MiB of headers, log and metadata, the BAT rounded to 1 MiB, and the blocks", () => {
  assert.equal(newFileSize(64 * MiB, MiB, 512, 10), 3 * MiB + MiB + 10 * MiB);
  // 1 TiB with 1 MiB blocks: 1 Mi payload entries + 256 bitmap entries = 8 MiB + 2 KiB of BAT → 9 MiB
  assert.equal(newFileSize(1024 * 1024 * MiB, MiB, 512, 0), 3 * MiB + 9 * MiB);
});
