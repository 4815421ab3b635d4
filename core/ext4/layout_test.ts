import { test } from "node:test";
import assert from "node:assert/strict";
import { groupHasSuper } from "./layout.ts";
import type { Superblock } from "./superblock.ts";

const base = { compat: 0, roCompat: 0x1, backupBgs: [0, 0] } as unknown as Superblock;

test("sparse_super keeps copies in groups 0, 1 and powers of 3, 5 and 7 only", () => {
  const withSuper = Array.from({ length: 130 }, (_, g) => g).filter((g) => groupHasSuper(base, g));
  assert.deepEqual(withSuper, [0, 1, 3, 5, 7, 9, 25, 27, 49, 81, 125]);
});

test("sparse_super2 keeps copies only in group 0 and the two listed groups", () => {
  const sb = { ...base, compat: 0x200, backupBgs: [1, 77] } as unknown as Superblock;
  assert.deepEqual(Array.from({ length: 100 }, (_, g) => g).filter((g) => groupHasSuper(sb, g)), [0, 1, 77]);
});

test("without sparse_super every group has a copy", () => {
  const sb = { ...base, roCompat: 0 } as unknown as Superblock;
  assert.ok(Array.from({ length: 10 }, (_, g) => g).every((g) => groupHasSuper(sb, g)));
});
