import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mustRun, run, toRaw, withTempDir } from "../tests/support/tools.ts";
import { openBlockFile } from "../core/io/block_file.ts";
import { dropZeroBlocks, readVhdxBlocks, storedPayloadBytes, zeroVirtualRanges } from "./vhdx_blocks.ts";

const MiB = 1024 * 1024;

/** `dataMiB` of non-zero blocks, then zeros to `virtualMiB`, every block stored (`qemu-img convert -S 0`). */
function makeDataVhdx(path: string, dataMiB: number, virtualMiB: number): string {
  const raw = new Uint8Array(virtualMiB * MiB);
  for (let i = 0; i < dataMiB * MiB; i += 512) raw[i] = 1 + ((i / 512) % 250);
  writeFileSync(path + ".raw", raw);
  mustRun("qemu-img", ["convert", "-S", "0", "-f", "raw", "-O", "vhdx", "-o", "subformat=dynamic,block_size=1M", path + ".raw", path]);
  return path;
}

async function withFile<T>(path: string, fn: (f: Awaited<ReturnType<typeof openBlockFile>>) => Promise<T>): Promise<T> {
  const f = await openBlockFile(path, "write");
  try {
    return await fn(f);
  } finally {
    await f.close();
  }
}

test("the layout of a qemu-img VHDX is read from its region table and metadata", async () => {
  await withTempDir(async (dir) => {
    const vhdx = makeDataVhdx(join(dir, "d.vhdx"), 3, 16);
    const l = await withFile(vhdx, (f) => readVhdxBlocks(f));
    assert.equal(l.blockSize, MiB);
    assert.equal(l.virtualSize, 16 * MiB);
    assert.equal(l.logicalSectorSize, 512);
    assert.equal(l.payloadBlocks, 16);
    assert.equal(await withFile(vhdx, (f) => storedPayloadBytes(f)), 16 * MiB, "qemu-img convert stores the zero tail too");
  });
});

test("dropping all-zero blocks shrinks the file, keeps its contents and passes qemu-img check", async () => {
  await withTempDir(async (dir) => {
    const vhdx = makeDataVhdx(join(dir, "d.vhdx"), 3, 16);
    toRaw(vhdx, join(dir, "before.raw"));
    const r = await withFile(vhdx, (f) => dropZeroBlocks(f));
    assert.ok(r.before - r.after >= 13 * MiB, `${r.before} -> ${r.after}`);
    assert.equal(statSync(vhdx).size, r.after);
    assert.equal(run("qemu-img", ["check", vhdx]).status, 0);
    assert.equal(run("qemu-img", ["compare", "-f", "raw", "-F", "vhdx", join(dir, "before.raw"), vhdx]).status, 0);
    assert.equal(await withFile(vhdx, (f) => storedPayloadBytes(f)), 3 * MiB);
  });
});

test("zeroed ranges read as zeros and whole zeroed blocks are dropped afterwards; unstored blocks stay unstored", async () => {
  await withTempDir(async (dir) => {
    const vhdx = makeDataVhdx(join(dir, "d.vhdx"), 4, 8);
    const zeroed = await withFile(vhdx, (f) => zeroVirtualRanges(f, [{ offset: MiB + 4096, length: 2 * MiB - 4096 }]));
    assert.equal(zeroed, 2 * MiB - 4096);
    toRaw(vhdx, join(dir, "after.raw"));
    const raw = readFileSync(join(dir, "after.raw"));
    assert.ok(raw.subarray(MiB, MiB + 4096).some((b) => b !== 0), "the first 4 KiB of block 1 are kept");
    assert.ok(raw.subarray(MiB + 4096, 3 * MiB).every((b) => b === 0));
    assert.ok(raw.subarray(3 * MiB, 4 * MiB).some((b) => b !== 0));
    const r = await withFile(vhdx, (f) => dropZeroBlocks(f));
    assert.ok(r.after < r.before);
    assert.equal(await withFile(vhdx, (f) => storedPayloadBytes(f)), 3 * MiB, "blocks 0, 1 and 3 hold data; block 2 and the zero tail went");
    assert.equal(run("qemu-img", ["check", vhdx]).status, 0);
    assert.equal(run("qemu-img", ["compare", "-f", "raw", "-F", "vhdx", join(dir, "after.raw"), vhdx]).status, 0);
  });
});

test("a file that is not a VHDX is refused", async () => {
  await withTempDir(async (dir) => {
    writeFileSync(join(dir, "x.vhdx"), new Uint8Array(1024 * 1024));
    await assert.rejects(withFile(join(dir, "x.vhdx"), (f) => readVhdxBlocks(f)), /not a VHDX/);
  });
});
