import { test } from "node:test";
import assert from "node:assert/strict";
import { usageDiff } from "./usage_diff.ts";

const doc = (entries: [string, number][], images: [string, number][]) => ({
  allocatedBytes: entries[0][1],
  entries: entries.map(([path, allocatedBytes]) => ({ path, allocatedBytes })),
  docker: { stores: [{ images: images.map(([name, allocatedBytes]) => ({ name, allocatedBytes })) }] },
});

test("the diff lists grown, shrunk, new and gone folders and images, biggest change first, unchanged left out", () => {
  const before = doc([["/", 1000], ["/var", 600], ["/home", 300], ["/old", 100]], [["web:1", 400], ["api:1", 200]]);
  const after = doc([["/", 1500], ["/var", 1200], ["/home", 300], ["/new", 0 + 0], ["/srv", 50]], [["web:1", 100], ["api:2", 250]]);
  const d = usageDiff(before, after);
  assert.deepEqual([d.before, d.after], [1000, 1500]);
  assert.deepEqual(d.folders.map((c) => [c.name, c.before, c.after, c.change]), [
    ["/var", 600, 1200, 600], ["/", 1000, 1500, 500], ["/old", 100, 0, -100], ["/srv", 0, 50, 50],
  ]);
  assert.deepEqual(d.images.map((c) => [c.name, c.change]), [["web:1", -300], ["api:2", 250], ["api:1", -200]]);
});

test("two identical documents differ in nothing", () => {
  const a = doc([["/", 10], ["/a", 5]], [["x", 1]]);
  assert.deepEqual(usageDiff(a, a), { before: 10, after: 10, folders: [], images: [] });
});
