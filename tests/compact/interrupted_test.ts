import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, open, stat } from "node:fs/promises";
import { join } from "node:path";
import { compactFile, compactInPlace } from "../../core/compact/mod.ts";
import { InterruptedError } from "../../core/errors.ts";
import { detectHost } from "../../core/host/detect.ts";
import { openBlockFile } from "../../core/io/block_file.ts";
import { openVhdx } from "../../core/vhdx/open_vhdx.ts";
import { mustRun, withTempDir } from "../support/tools.ts";
import { CountingFile, SimulatedCrash } from "./crash_file.ts";
import { fileHashes, judge, makeBloatedDisk, MiB } from "./support.ts";

const RECIPE = { size: "48M", garbageMiB: 16, smallFiles: 30 };

/** Runs the in-place engine on `path` through a {@link CountingFile}. */
async function runCounted(path: string, crashAt = Infinity) {
  const counted = new CountingFile(await openBlockFile(path, "write"), crashAt);
  try {
    return { result: await compactInPlace(counted), counted };
  } finally {
    await counted.close();
  }
}

/** Writes the virtual contents our engine reads (log replayed in memory) to a raw file. */
async function rawThroughOurReader(vhdxPath: string, rawPath: string): Promise<void> {
  const f = await openBlockFile(vhdxPath, "read");
  const out = await open(rawPath, "wx");
  try {
    const v = await openVhdx(f);
    for (let o = 0; o < v.size; o += 8 * MiB) {
      const bytes = await v.readAt(o, Math.min(8 * MiB, v.size - o));
      await out.write(bytes, 0, bytes.length, o);
    }
  } finally {
    await out.close();
    await f.close();
  }
}

test("in-place writes stay within 1.1 times the bytes that must move", async () => {
  await withTempDir(async (dir) => {
    const disk = await makeBloatedDisk(dir, RECIPE);
    const { result, counted } = await runCounted(disk);
    assert.ok(result.moves.movedBytes > 0, "the fixture needs moves");
    assert.ok(counted.bytesWritten <= 1.1 * result.moves.movedBytes, `${counted.bytesWritten} bytes written for ${result.moves.movedBytes} moved`);
  });
});

test("an in-place run interrupted after any number of writes reopens with every file intact, and a rerun finishes", async () => {
  await withTempDir(async (dir) => {
    const source = await makeBloatedDisk(dir, RECIPE);
    const expected = await fileHashes(join(dir, "disk.raw"), join(dir, "src.files"));
    const full = join(dir, "full.vhdx");
    await copyFile(source, full);
    const { counted: total, result } = await runCounted(full);
    const finalSize = (await stat(full)).size;
    assert.ok(total.ops > 10, `a real run does ${total.ops} writes`);
    const points = new Set([1, 2, 3, 5, 8, 13, Math.floor(total.ops / 3), Math.floor(total.ops / 2), total.ops - 3, total.ops - 1, total.ops]);
    for (const n of points) {
      const crashed = join(dir, `crash-${n}.vhdx`);
      await copyFile(source, crashed);
      await assert.rejects(runCounted(crashed, n), SimulatedCrash);
      await rawThroughOurReader(crashed, crashed + ".ours.raw");
      assert.deepEqual(await fileHashes(crashed + ".ours.raw", crashed + ".ours"), expected, `our reader after a crash at write ${n}`);
      mustRun("qemu-img", ["check", "-r", "all", "-f", "vhdx", crashed]);
      await judge(crashed, dir, expected);
      if (n % 2 === 1 || n === total.ops) {
        await runCounted(crashed);
        assert.equal((await stat(crashed)).size, finalSize, `a rerun after a crash at write ${n} reaches the same size`);
        await judge(crashed, dir, expected);
      }
      mustRun("rm", ["-rf", crashed, crashed + ".ours.raw", crashed + ".ours"]);
    }
    assert.equal(finalSize, result.sizeAfter);
  });
});

test("Ctrl-C during copy mode removes the partial output and leaves the source alone", async () => {
  await withTempDir(async (dir) => {
    const disk = await makeBloatedDisk(dir, RECIPE);
    const ac = new AbortController();
    const progress = { phase() {}, note() {}, update: (done: number) => done >= 4 * MiB && ac.abort() };
    const output = join(dir, "new.vhdx");
    await assert.rejects(compactFile(detectHost(), disk, { output, signal: ac.signal, progress }), InterruptedError);
    for (const p of [output, output + ".partial"]) await assert.rejects(stat(p));
  });
});

test("Ctrl-C during in-place moves stops at a consistent point that a rerun completes", async () => {
  await withTempDir(async (dir) => {
    const disk = await makeBloatedDisk(dir, RECIPE);
    const expected = await fileHashes(join(dir, "disk.raw"), join(dir, "src.files"));
    const ac = new AbortController();
    let phase = "";
    const progress = { phase: (l: string) => void (phase = l), note() {}, update: () => phase.startsWith("move") && ac.abort() };
    await assert.rejects(compactFile(detectHost(), disk, { signal: ac.signal, progress }), InterruptedError);
    await judge(disk, dir, expected);
    await compactFile(detectHost(), disk, {});
    await judge(disk, dir, expected);
  });
});
