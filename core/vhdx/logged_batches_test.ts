import { test } from "node:test";
import assert from "node:assert/strict";
import { descriptorSectors } from "./log_entry.ts";
import { batchBySector, maxSectorsPerEntry } from "./logged_batches.ts";

test("the largest entry for a 1 MiB log fits it and one more sector would not", () => {
  const n = maxSectorsPerEntry(1 << 20);
  assert.ok((descriptorSectors(n) + n) * 4096 <= 1 << 20);
  assert.ok((descriptorSectors(n + 1) + n + 1) * 4096 > 1 << 20);
});

test("batches never touch more sectors or hold more items than allowed", () => {
  const items = Array.from({ length: 50 }, (_, i) => i);
  const batches = batchBySector(items, (i) => Math.floor(i / 4), 3, 10);
  assert.deepEqual(batches.flat(), items);
  for (const b of batches) {
    assert.ok(b.length <= 10);
    assert.ok(new Set(b.map((i) => Math.floor(i / 4))).size <= 3);
  }
});
