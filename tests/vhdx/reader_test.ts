import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { openBlockFile } from "../../core/io/block_file.ts";
import { RawDisk } from "../../core/io/virtual_disk.ts";
import { describeVhdx, openVhdx, PayloadBlockState } from "../../core/vhdx/mod.ts";
import { mustRun, toRaw, withTempDir } from "../support/tools.ts";
import { hashFile, hashVirtual, makeRawImage, MiB, patternBytes, spreadExtents } from "./fixtures.ts";

const CASES = [
  { blockSize: "1M", size: 64 * MiB },
  { blockSize: "2M", size: 200 * MiB + 4096 },
  { blockSize: "32M", size: 300 * MiB },
  { blockSize: "256M", size: 600 * MiB },
];

for (const c of CASES) {
  test(`a qemu-made dynamic VHDX with ${c.blockSize} blocks reads exactly like qemu-img convert -O raw`, async () => {
    await withTempDir(async (dir) => {
      const raw = join(dir, "src.raw"), vhdx = join(dir, "d.vhdx"), back = join(dir, "back.raw");
      await makeRawImage(raw, c.size, spreadExtents(c.size));
      mustRun("qemu-img", ["convert", "-f", "raw", "-O", "vhdx", "-o", `subformat=dynamic,block_size=${c.blockSize}`, raw, vhdx]);
      toRaw(vhdx, back);
      const file = await openBlockFile(vhdx, "read");
      try {
        const v = await openVhdx(file);
        assert.equal(v.size, c.size);
        assert.equal(v.blockSize, parseInt(c.blockSize) * MiB);
        assert.equal(await hashVirtual(v), await hashFile(back));
        assert.equal(await hashFile(back), await hashFile(raw));
        const d = describeVhdx(v);
        assert.equal(d.blockStates.fullyPresent + d.blockStates.zero + d.blockStates.notPresent, v.blockCount);
        assert.ok(d.blockStates.fullyPresent >= 1 && d.allocatedBytes === d.blockStates.fullyPresent * v.blockSize);
      } finally {
        await file.close();
      }
    });
  });
}

test("small unaligned reads across block boundaries match the raw image", async () => {
  await withTempDir(async (dir) => {
    const raw = join(dir, "src.raw"), vhdx = join(dir, "d.vhdx");
    const size = 64 * MiB;
    await makeRawImage(raw, size, [{ offset: 0, length: 9 * MiB + 5 }, ...spreadExtents(size)]);
    mustRun("qemu-img", ["convert", "-f", "raw", "-O", "vhdx", "-o", "block_size=1M", raw, vhdx]);
    const [vf, rf] = [await openBlockFile(vhdx, "read"), await openBlockFile(raw, "read")];
    try {
      const v = await openVhdx(vf);
      const r = new RawDisk(rf, size);
      const rnd = patternBytes(400, 99);
      for (let i = 0; i < 100; i++) {
        const offset = ((rnd[i * 4] << 24 | rnd[i * 4 + 1] << 16 | rnd[i * 4 + 2] << 8) >>> 0) % (size - 3 * MiB);
        const length = 1 + ((rnd[i * 4 + 3] * 12345) % (3 * MiB));
        assert.deepEqual(await v.readAt(offset, length), await r.readAt(offset, length), `read ${length} at ${offset}`);
      }
      await assert.rejects(v.readAt(size - 1, 2), RangeError);
    } finally {
      await vf.close();
      await rf.close();
    }
  });
});

test("a fixed VHDX and one without block_state_zero read correctly and report their block states", async () => {
  await withTempDir(async (dir) => {
    const raw = join(dir, "src.raw");
    const size = 48 * MiB;
    await makeRawImage(raw, size, spreadExtents(size));
    const variants = [
      // -S 0: write every block, zeros included, so the fixed file has no ZERO entries.
      { opts: "subformat=fixed,block_size=1M", sparse: "0", state: PayloadBlockState.FullyPresent },
      { opts: "subformat=dynamic,block_size=1M,block_state_zero=off", sparse: "4k", state: PayloadBlockState.NotPresent },
    ];
    for (const { opts, sparse, state } of variants) {
      const vhdx = join(dir, `${state}.vhdx`);
      mustRun("qemu-img", ["convert", "-S", sparse, "-f", "raw", "-O", "vhdx", "-o", opts, raw, vhdx]);
      const file = await openBlockFile(vhdx, "read");
      try {
        const v = await openVhdx(file);
        assert.equal(await hashVirtual(v), await hashFile(raw));
        assert.equal(v.blockState(20), state, opts);
        if (state === PayloadBlockState.FullyPresent) assert.equal(v.allocatedBytes(), size);
        const block0 = (await v.readBlock(0))!;
        assert.equal(block0.length, MiB);
        const part = new Uint8Array(4096);
        assert.equal(await v.readBlockInto(0, 8192, part), true);
        assert.deepEqual(part, block0.subarray(8192, 8192 + 4096));
        if (state === PayloadBlockState.NotPresent) {
          assert.equal(await v.readBlock(20), null);
          assert.equal(await v.readBlockInto(20, 0, part), false);
        }
      } finally {
        await file.close();
      }
    }
  });
});
