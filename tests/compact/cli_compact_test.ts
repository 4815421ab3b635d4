import { test } from "node:test";
import assert from "node:assert/strict";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { main } from "../../cli/main.ts";
import { withTempDir } from "../support/tools.ts";
import { makeBloatedDisk, sha256File } from "./support.ts";

/** Runs the CLI in-process, capturing its output (no terminal: never prompts). */
async function cli(args: string[]) {
  let stdout = "", stderr = "";
  const code = await main(args, {
    stdout: { write: (t) => void (stdout += t), isTTY: false },
    stderr: { write: (t) => void (stderr += t), isTTY: false },
  });
  return { code, stdout, stderr };
}

test("compact --output writes a smaller verified copy and reports it as one JSON document", async () => {
  await withTempDir(async (dir) => {
    const disk = await makeBloatedDisk(dir, { size: "48M", garbageMiB: 16 });
    const before = await sha256File(disk);
    const output = join(dir, "small.vhdx");
    const r = await cli(["compact", disk, "--output", output, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.mode, "copy");
    assert.equal(doc.sizeAfter, (await stat(output)).size);
    assert.ok(doc.reclaimed > 10 * 2 ** 20 && doc.verifiedBytes > 0);
    assert.equal(await sha256File(disk), before);
  });
});

test("compact in place without --yes and without a terminal refuses with exit code 1 and changes nothing", async () => {
  await withTempDir(async (dir) => {
    const disk = await makeBloatedDisk(dir, { size: "32M", garbageMiB: 8 });
    const before = await sha256File(disk);
    const r = await cli(["compact", disk]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--yes/);
    assert.equal(r.stderr.trim().split("\n").length, 1, "one line");
    assert.equal(await sha256File(disk), before);
  });
});

test("compact --dry-run prints the exact size and writes nothing; --yes then reaches it", async () => {
  await withTempDir(async (dir) => {
    const disk = await makeBloatedDisk(dir, { size: "48M", garbageMiB: 16 });
    const before = await sha256File(disk);
    const dry = await cli(["compact", disk, "--dry-run", "--json"]);
    assert.equal(dry.code, 0, dry.stderr);
    const planned = JSON.parse(dry.stdout);
    assert.equal(planned.dryRun, true);
    assert.equal(await sha256File(disk), before);
    const run = await cli(["compact", disk, "--yes", "--json"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((await stat(disk)).size, planned.sizeAfter);
    assert.equal(JSON.parse(run.stdout).movedBlocks, planned.movedBlocks);
  });
});

test("compact refuses a dirty ext4 with one line naming the reason", async () => {
  await withTempDir(async (dir) => {
    const disk = await makeBloatedDisk(dir, { size: "32M", debugfsAfter: ["ssv state 0"] });
    const r = await cli(["compact", disk, "--output", join(dir, "x.vhdx")]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot be trusted .*not cleanly unmounted/);
  });
});

test("compact --dry-run shows the native strategy's steps: the same list `--strategy native --dry-run` prints, for in place and copy", async () => {
  await withTempDir(async (dir) => {
    const disk = await makeBloatedDisk(dir, { size: "48M", garbageMiB: 16 });
    const before = await sha256File(disk);
    const output = join(dir, "copy.vhdx");
    for (const extra of [[], ["--output", output]]) {
      const compact = await cli(["compact", disk, "--dry-run", "--json", ...extra]);
      assert.equal(compact.code, 0, compact.stderr);
      const native = await cli(["--strategy", "native", "--target", disk, "--dry-run", "--json", ...extra]);
      assert.equal(native.code, 0, native.stderr);
      const plan = JSON.parse(compact.stdout).plan;
      assert.ok(Array.isArray(plan) && plan.length === 2, "the idle check and the compaction");
      assert.ok(plan[1].details.length > 0, "the compaction's parts are listed");
      assert.deepEqual(plan, JSON.parse(native.stdout).plan);
      const text = await cli(["compact", disk, "--dry-run", ...extra]);
      assert.equal(text.code, 0, text.stderr);
      for (const step of plan) assert.ok(text.stdout.includes(step.description), `the text names "${step.description}"`);
    }
    assert.equal(await sha256File(disk), before);
  });
});
