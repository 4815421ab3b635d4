import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openBlockFile } from "../core/io/block_file.ts";
import { crc32c, writeDynamicVhdx } from "./vhdx_writer.ts";

const MiB = 1024 * 1024;

test("CRC-32C of the RFC 3720 check string", () => {
  assert.equal(crc32c(new TextEncoder().encode("123456789")), 0xe3069283);
});

test("qemu-img accepts the emulator's VHDX and reads back exactly the blocks written", async () => {
  const dir = mkdtempSync(join(tmpdir(), "vhdx-writer-"));
  try {
    const path = join(dir, "new.vhdx"), raw = join(dir, "new.raw");
    const block = (seed: number, length = MiB) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff);
    const f = await openBlockFile(path, "create");
    async function* blocks(): AsyncIterable<[number, Uint8Array]> {
      yield [0, block(1)];
      yield [5, block(2, 1000)];
      yield [4200, block(3)]; // past the first chunk: its BAT index skips a sector bitmap entry
    }
    await writeDynamicVhdx(f, { virtualSize: 5 * 1024 * MiB, blockSize: MiB, logicalSectorSize: 512, physicalSectorSize: 4096 }, blocks());
    await f.close();
    const check = spawnSync("qemu-img", ["check", "-f", "vhdx", path], { encoding: "utf8" });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const info = JSON.parse(spawnSync("qemu-img", ["info", "--output=json", path], { encoding: "utf8" }).stdout);
    assert.equal(info["virtual-size"], 5 * 1024 * MiB);
    assert.equal(info["format-specific"]?.data?.["block-size"] ?? MiB, MiB);
    const conv = spawnSync("qemu-img", ["convert", "-f", "vhdx", "-O", "raw", path, raw], { encoding: "utf8" });
    assert.equal(conv.status, 0, conv.stderr);
    const fd = openSync(raw, "r");
    const at = (from: number, length: number) => {
      const b = new Uint8Array(length);
      assert.equal(readSync(fd, b, 0, length, from), length);
      return b;
    };
    assert.deepEqual(at(0, MiB), block(1));
    const five = new Uint8Array(MiB);
    five.set(block(2, 1000));
    assert.deepEqual(at(5 * MiB, MiB), five);
    assert.deepEqual(at(4200 * MiB, MiB), block(3));
    assert.equal(at(MiB, 4 * MiB).every((b) => b === 0), true, "blocks never written read as zero");
    closeSync(fd);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
