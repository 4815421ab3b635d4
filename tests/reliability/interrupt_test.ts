import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { compactFile } from "../../core/compact/mod.ts";
import { InterruptedError } from "../../core/errors.ts";
import { detectHost } from "../../core/host/detect.ts";
import type { Progress } from "../../core/plugin/types.ts";
import { fileHashes, judge, makeBloatedDisk, sha256File } from "../compact/support.ts";
import { withTempDir } from "../support/tools.ts";
import { recordFigure } from "./figures.ts";
import { LEVEL } from "./level.ts";

/** A progress sink that fires `controller` at its `at`-th update (the engines check the signal between blocks). */
function abortingProgress(controller: AbortController, at: number, seen: string[] = []): Progress & { updates: number } {
  return {
    updates: 0,
    phase(label: string) {
      seen.push(label);
    },
    update() {
      if (++this.updates === at) controller.abort();
    },
    note() {},
  };
}

/** Stop points: every update at the full level, else the first, the last and four between. */
function stopPoints(total: number): number[] {
  if (LEVEL === "full") return Array.from({ length: total }, (_, i) => i + 1);
  return [...new Set([1, ...[0.2, 0.4, 0.6, 0.8].map((f) => Math.max(1, Math.round(total * f))), total])];
}

async function countUpdates(dir: string, source: string, opts: { output?: string }): Promise<number> {
  const work = join(dir, "count.vhdx");
  await copyFile(source, work);
  const p = abortingProgress(new AbortController(), -1);
  await compactFile(detectHost(), work, { ...opts, progress: p });
  await Promise.all([work, opts.output].filter(Boolean).map((f) => import("node:fs/promises").then((m) => m.rm(f!, { force: true }))));
  return p.updates;
}

const RECIPE = { size: "24M", smallFiles: 30, largeFilesKiB: [300, 1500, 700], garbageMiB: 5 };

test("an abort during copy mode leaves the original byte-identical, removes the partial output and says so", async (t) => {
  await withTempDir(async (dir) => {
    const host = detectHost();
    const source = await makeBloatedDisk(dir, RECIPE);
    const before = await sha256File(source);
    const output = join(dir, "out.vhdx");
    const total = await countUpdates(dir, source, { output });
    const points = stopPoints(total);
    for (const at of points) {
      const controller = new AbortController();
      const phases: string[] = [];
      await assert.rejects(compactFile(host, source, { output, signal: controller.signal, progress: abortingProgress(controller, at, phases) }), (e: Error) => {
        assert.ok(e instanceof InterruptedError, `stop ${at}: ${e.stack}`);
        assert.match(e.message, /^Interrupted: .*original (was not|is not) changed/, `stop ${at} (${phases.at(-1)}): the message says the original is intact`);
        assert.ok(!e.message.includes("\n"));
        return true;
      });
      assert.equal(await sha256File(source), before, `stop ${at}: the original is byte-identical`);
      assert.deepEqual((await readdir(dir)).filter((n) => n.startsWith("out.vhdx")), [], `stop ${at}: no output and no temp file`);
    }
    t.diagnostic(`copy mode: ${points.length} stop points of ${total} (survey, copy, verify)`);
    await recordFigure("interrupt.copy", { points: points.length, of: total });
  });
});

test("an abort during in-place compaction leaves a consistent disk with every file intact, and running again finishes", async (t) => {
  await withTempDir(async (dir) => {
    const host = detectHost();
    const source = await makeBloatedDisk(dir, RECIPE);
    const expected = await fileHashes(join(dir, "disk.raw"), join(dir, "src.files"));
    const total = await countUpdates(dir, source, {});
    const finished = join(dir, "finished.vhdx");
    await copyFile(source, finished);
    await compactFile(host, finished, {});
    const points = stopPoints(total);
    for (const at of points) {
      const work = join(dir, "work.vhdx");
      await copyFile(source, work);
      const controller = new AbortController();
      const phases: string[] = [];
      const stopped = await compactFile(host, work, { signal: controller.signal, progress: abortingProgress(controller, at, phases) }).then(() => null, (e: Error) => e);
      if (stopped === null) {
        // The engine checks the signal before each block; a signal after the last block's copy lets the commit finish.
        assert.equal(at, total, `stop ${at} (${phases.at(-1)}): only a signal after the last block may let the run finish`);
        assert.equal((await stat(work)).size, (await stat(finished)).size);
      } else {
        assert.ok(stopped instanceof InterruptedError, `stop ${at}: ${stopped.stack}`);
        assert.match(stopped.message, /^Interrupted: .*(nothing was changed|the disk is consistent)/, `stop ${at} (${phases.at(-1)}): the message says what state the disk is in`);
      }
      await judge(work, dir, expected);
      assert.deepEqual((await readdir(dir)).filter((n) => n.startsWith("work.vhdx")), ["work.vhdx"], `stop ${at}: no temp or backup files`);
      await compactFile(host, work, {});
      assert.equal((await stat(work)).size, (await stat(finished)).size, `stop ${at}: running again reaches the same size`);
      await judge(work, dir, expected);
    }
    t.diagnostic(`in-place: ${points.length} stop points of ${total} (survey, moves)`);
    await recordFigure("interrupt.inPlace", { points: points.length, of: total });
  });
});

test("an abort signalled before the start changes nothing", async () => {
  await withTempDir(async (dir) => {
    const source = await makeBloatedDisk(dir, RECIPE);
    const before = await sha256File(source);
    const signal = AbortSignal.abort();
    await assert.rejects(compactFile(detectHost(), source, { signal }), InterruptedError);
    await assert.rejects(compactFile(detectHost(), source, { signal, output: join(dir, "o.vhdx") }), InterruptedError);
    assert.equal(await sha256File(source), before);
    assert.deepEqual((await readdir(dir)).filter((n) => n.startsWith("o.vhdx")), []);
  });
});
