import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { LocalFs } from "./local_fs.ts";
import { withTempDir } from "../../tests/support/tools.ts";

test("remove deletes a file, a folder tree, and is quiet about a missing path", async () => {
  await withTempDir(async (dir) => {
    const fs = new LocalFs();
    await mkdir(join(dir, "a", "b"), { recursive: true });
    await writeFile(join(dir, "a", "b", "f.tar"), "x");
    await writeFile(join(dir, "g.tar"), "y");
    await fs.remove(join(dir, "g.tar"));
    await fs.remove(join(dir, "a"));
    await fs.remove(join(dir, "missing"));
    assert.deepEqual(await fs.listDir(dir), []);
  });
});

test("stat reports size, allocation and sparseness of a real file", async () => {
  await withTempDir(async (dir) => {
    const fs = new LocalFs();
    const f = await fs.open(join(dir, "sparse.bin"), "create");
    await f.truncate(64 * 1024 * 1024);
    await f.write(0, new Uint8Array(4096).fill(1));
    await f.close();
    const info = await fs.stat(join(dir, "sparse.bin"));
    assert.ok(info);
    assert.equal(info.size, 64 * 1024 * 1024);
    assert.ok(info.allocatedSize !== null && info.allocatedSize < info.size);
    assert.equal(info.isSparse, true);
    assert.equal(await fs.stat(join(dir, "nope")), null);
  });
});
