import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryBlockFile, openBlockFile } from "./block_file.ts";

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
