import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BlockFile, MemoryBlockFile, openBlockFile, readIntoOrCopy } from "./block_file.ts";

test("a file block file reads back what was written and zeros past the end", async () => {
  const dir = await mkdtemp(join(tmpdir(), "vs-bf-"));
  try {
    const f = await openBlockFile(join(dir, "a.bin"), "create");
    await f.write(10, new Uint8Array([1, 2, 3]));
    await f.sync();
    assert.equal(await f.size(), 13);
    assert.deepEqual(await f.read(9, 6), new Uint8Array([0, 1, 2, 3, 0, 0]));
    await f.truncate(11);
    assert.deepEqual(await f.read(10, 2), new Uint8Array([1, 0]));
    await f.close();
    await assert.rejects(openBlockFile(join(dir, "a.bin"), "create"), /EEXIST/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a memory block file grows on write and shrinks on truncate", async () => {
  const f = new MemoryBlockFile();
  await f.write(4, new Uint8Array([9]));
  assert.equal(await f.size(), 5);
  assert.deepEqual(await f.read(3, 3), new Uint8Array([0, 9, 0]));
  await f.truncate(2);
  assert.equal(await f.size(), 2);
});

test("readInto fills the caller's buffer and zeros what lies past the end, on a file and in memory", async () => {
  const dir = await mkdtemp(join(tmpdir(), "vs-bf-"));
  try {
    const file = await openBlockFile(join(dir, "a.bin"), "create");
    for (const f of [file, new MemoryBlockFile()]) {
      await f.write(2, new Uint8Array([5, 6, 7]));
      const target = new Uint8Array(6).fill(0xff);
      await f.readInto!(3, target);
      assert.deepEqual(target, new Uint8Array([6, 7, 0, 0, 0, 0]));
      await f.readInto!(100, target);
      assert.deepEqual(target, new Uint8Array(6));
    }
    await file.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("readIntoOrCopy falls back to read for wrappers without readInto", async () => {
  const inner = new MemoryBlockFile(new Uint8Array([1, 2, 3, 4]));
  const wrapper: BlockFile = {
    read: (p, n) => inner.read(p, n), write: (p, b) => inner.write(p, b), sync: () => inner.sync(),
    truncate: (n) => inner.truncate(n), size: () => inner.size(), close: () => inner.close(),
  };
  const target = new Uint8Array(3).fill(9);
  await readIntoOrCopy(wrapper, 2, target);
  assert.deepEqual(target, new Uint8Array([3, 4, 0]));
});
