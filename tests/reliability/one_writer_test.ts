// One writer at a time: two real CLI processes on one disk. The second starts at a spread of points
// of the first's run — together, once the first's lock file exists, during its survey, during its
// block moves (the first paused there with SIGSTOP, as a slow machine would be), and after it ended —
// and in every case exactly one run changes the disk, the other refuses in one line naming the
// holder (or waits with --wait), and the disk passes qemu-img check, e2fsck -fn and a file-by-file
// comparison. Points are reached by watching the first run's output and files, never by timers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { sha256File } from "../compact/support.ts";
import type { CliProgram, CliRun, Finished } from "./cli_process.ts";
import { holdsLock, sizeOf, startCli } from "./cli_process.ts";
import { bloatedDiskFixture } from "./bloated_fixture.ts";

const fx = bloatedDiskFixture("vhdx-shrink-one-writer-");
const node: CliProgram = { kind: "node" };

const HELD = /^error: .* is held by another vhdx-shrink run \(pid (\d+) on .*, started .*\); nothing was changed/m;

/** Parses a run's --json report. */
function report(r: Finished): { droppedBlocks: number; movedBlocks: number; mode: string } {
  assert.equal(r.code, 0, r.output);
  return JSON.parse(r.stdout);
}

/** Asserts `r` refused in one line naming `holder` as the holder, and wrote nothing to stdout. */
function assertRefused(r: Finished, holder: CliRun): void {
  assert.equal(r.code, 1, r.output);
  const m = HELD.exec(r.output);
  assert.ok(m, r.output);
  assert.equal(Number(m[1]), holder.pid, "the refusal names the run that holds the disk");
  assert.equal(r.output.trim().split("\n").filter((l) => l.startsWith("error:")).length, 1);
  assert.equal(r.stdout, "");
}

/** How far the first run gets before the second starts. */
type Point = "together" | "lock" | "survey" | "move" | "after";

/** Waits until `first` reached `point` and pauses it there (true), or false when it ended first. */
async function reach(first: CliRun, disk: string, point: Point): Promise<boolean> {
  const lock = `${disk}.vhdx-shrink.lock`;
  // The lock file is created empty and its record written right after: "taken" is once it has one.
  const got = point === "lock" ? await first.waitUntil(() => sizeOf(lock) > 0)
    : point === "survey" ? await first.waitFor(/survey the used blocks/)
    : await first.waitFor(/move \d+ blocks/);
  if (!got) return false;
  await first.stop();
  // Paused after it let go (the point was its last moment): not the point asked for.
  if (holdsLock(lock, first.pid)) return true;
  first.resume();
  await first.finished;
  return false;
}

/** Two in-place runs of `program` on one disk, the second starting at `point`. */
/**
 * A point of a small disk's run can pass before the test sees it (the output arrives through a
 * pipe): the scenario then starts again on a fresh disk, up to this many times.
 */
const ATTEMPTS = 4;

/** Starts the first run on a fresh disk and pauses it at `point`, trying again when the run ended first. */
async function pausedAt(program: CliProgram, point: Point): Promise<{ disk: string; first: CliRun }> {
  let last = "";
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const disk = await fx.freshDisk();
    const first = startCli(program, ["compact", disk, "--yes", "--json"]);
    if (await reach(first, disk, point)) return { disk, first };
    last = (await first.finished).output;
  }
  throw new Error(`the first run never stayed long enough to reach ${point}: ${last}`);
}

async function inPlacePair(program: CliProgram, point: Point): Promise<void> {
  if (point !== "together" && point !== "after") return await pausedPair(program, point);
  const disk = await fx.freshDisk();
  const args = ["compact", disk, "--yes", "--json"];
  const first = startCli(program, args);
  if (point === "together") {
    const second = startCli(program, args);
    const [a, b] = await Promise.all([first.finished, second.finished]);
    // Exactly one changes the disk: the other refused, or ran after it and found nothing to do.
    const changed = [a, b].filter((r) => r.code === 0 && report(r).droppedBlocks > 0);
    assert.equal(changed.length, 1, `${a.output}\n---\n${b.output}`);
    const other = changed[0] === a ? b : a;
    if (other.code === 0) assert.deepEqual([report(other).droppedBlocks, report(other).movedBlocks], [0, 0]);
    else assertRefused(other, other === a ? second : first);
  } else if (point === "after") {
    assert.ok(report(await first.finished).droppedBlocks > 0);
    const compacted = await sha256File(disk);
    const r = report(await startCli(program, args).finished);
    assert.deepEqual([r.droppedBlocks, r.movedBlocks], [0, 0], "the second run found nothing to do");
    assert.equal(await sha256File(disk), compacted, "and changed nothing");
  }
  assert.equal(existsSync(`${disk}.vhdx-shrink.lock`), false, "no lock file is left behind");
  await fx.judge(disk);
}

/** The first run paused at `point`, the second started then. */
async function pausedPair(program: CliProgram, point: Point): Promise<void> {
  const { disk, first } = await pausedAt(program, point);
  const paused = await sha256File(disk);
  const second = await startCli(program, ["compact", disk, "--yes", "--json"]).finished;
  assertRefused(second, first);
  assert.equal(await sha256File(disk), paused, "the refused run changed nothing");
  first.resume();
  assert.ok(report(await first.finished).droppedBlocks > 0);
  assert.equal(existsSync(`${disk}.vhdx-shrink.lock`), false, "no lock file is left behind");
  await fx.judge(disk);
}

test("two in-place runs on one disk (compiled Linux binary): at every start point exactly one changes it, the other refuses naming the holder", async () => {
  for (const point of ["together", "lock", "survey", "move", "after"] as const) await inPlacePair(fx.binary, point);
});

test("two in-place runs on one disk (Node): started together, or while the first moves blocks, exactly one changes it", async () => {
  for (const point of ["together", "move"] as const) await inPlacePair(node, point);
});

test("with --wait the second run waits for the first, says so, then finds nothing left to do", async () => {
  const { disk, first } = await pausedAt(fx.binary, "move");
  const second = startCli(fx.binary, ["compact", disk, "--yes", "--json", "--wait", "600"]);
  assert.ok(await second.waitFor(/waiting: .* is held by another vhdx-shrink run \(pid \d+/), second.output());
  first.resume();
  assert.ok(report(await first.finished).droppedBlocks > 0);
  const r = report(await second.finished);
  assert.deepEqual([r.droppedBlocks, r.movedBlocks], [0, 0]);
  await fx.judge(disk);
});

test("a copy-mode run holds its source: an in-place run refuses while it copies, and a copy refuses while an in-place run moves", async () => {
  // Copy first, in place second.
  const disk = await fx.freshDisk();
  const out = join(fx.dir, `copy${fx.scenario}.vhdx`);
  const copy = startCli(fx.binary, ["compact", disk, "--output", out, "--json"]);
  assert.ok(await copy.waitFor(/copy the used blocks/), copy.output());
  await copy.stop();
  const inPlace = await startCli(fx.binary, ["compact", disk, "--yes", "--json"]).finished;
  assertRefused(inPlace, copy);
  copy.resume();
  assert.equal(report(await copy.finished).mode, "copy");
  assert.equal(await sha256File(disk), fx.original, "the source is unchanged");
  await fx.judge(out);

  // In place first, copy second.
  const { disk: disk2, first } = await pausedAt(fx.binary, "move");
  const out2 = join(fx.dir, `copy${fx.scenario}.vhdx`);
  const second = await startCli(fx.binary, ["compact", disk2, "--output", out2, "--json"]).finished;
  assertRefused(second, first);
  assert.equal(existsSync(out2) || existsSync(`${out2}.partial`), false, "the refused copy wrote nothing");
  first.resume();
  assert.ok(report(await first.finished).droppedBlocks > 0);
  await fx.judge(disk2);
});
