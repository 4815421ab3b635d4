// Interrupted runs: a real CLI process killed with SIGKILL (a power cut, a closed terminal, a task
// scheduler's time limit) at several points of each writing mode, then the same command again
// (the compiled Linux binary: it starts in milliseconds, so the test stays short).
// The re-run takes over the dead run's hold and its leftovers with a note, finishes, and its result
// passes qemu-img check, e2fsck -fn and a file-by-file comparison; a file under a final name
// (the copy's output, the backup) is always whole; a `.partial` a live run is writing is never
// touched. Points are reached by watching the run's output and files, never by timers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { sha256File } from "../compact/support.ts";
import type { CliProgram, CliRun, Finished } from "./cli_process.ts";
import { holdsLock, sizeOf, startCli } from "./cli_process.ts";
import { bloatedDiskFixture } from "./bloated_fixture.ts";

const fx = bloatedDiskFixture("vhdx-shrink-interrupted-");

/**
 * A point of a small disk's run can pass before the test sees it (the output arrives through a
 * pipe): the scenario then starts again on a fresh disk, up to this many times.
 */
const ATTEMPTS = 4;

/**
 * Pauses `run` once `reached` resolves true and, if it still holds `lock` then (it had not let go
 * already), kills it; false when the point passed first.
 */
async function killAt(run: CliRun, reached: Promise<boolean>, lock: string): Promise<boolean> {
  const got = await reached;
  let killed = false;
  if (got) {
    await run.stop();
    killed = holdsLock(lock, run.pid);
    if (killed) run.kill();
    else run.resume();
  }
  const r = await run.finished;
  return killed && r.signal === "SIGKILL";
}

function assertOk(r: Finished): void {
  assert.equal(r.code, 0, r.output);
}

test("an in-place run killed after taking its hold, while surveying, or while moving blocks is finished by the same command again", async () => {
  const points: Array<[string, CliProgram, (run: CliRun, lock: string) => Promise<boolean>]> = [
    ["hold taken", fx.binary, (run, lock) => run.waitUntil(() => sizeOf(lock) > 0)],
    ["survey", fx.binary, (run) => run.waitFor(/survey the used blocks/)],
    ["moving blocks", fx.binary, (run) => run.waitFor(/move \d+ blocks/)],
  ];
  for (const [name, program, reach] of points) {
    let disk = "", lock = "", args: string[] = [], output = "";
    let killed = false;
    for (let attempt = 0; attempt < ATTEMPTS && !killed; attempt++) {
      disk = await fx.freshDisk();
      lock = `${disk}.vhdx-shrink.lock`;
      args = ["compact", disk, "--yes"];
      const first = startCli(program, args);
      killed = await killAt(first, reach(first, lock), lock);
      output = first.output();
    }
    assert.ok(killed, `killed at ${name}: ${output}`);
    assert.ok(existsSync(lock), "the killed run's lock is left behind");
    const again = await startCli(program, args).finished;
    assertOk(again);
    assert.match(again.output, /note: took over .*\.vhdx-shrink\.lock: the vhdx-shrink run that held it \(pid \d+, started .*\) is no longer running/);
    assert.equal(existsSync(lock), false);
    await fx.judge(disk);
  }
});

test("a copy run killed while writing leaves nothing under the output's name; the same command again replaces its .partial with a note and verifies", async () => {
  const points: Array<[string, CliProgram, number]> = [["partial started", fx.binary, 1], ["partial past 4 MiB", fx.binary, 4 * 2 ** 20]];
  for (const [name, program, bytes] of points) {
    const disk = await fx.freshDisk();
    const out = join(fx.dir, `out${fx.scenario}.vhdx`);
    const args = ["compact", disk, "--output", out];
    const first = startCli(program, args);
    assert.ok(await killAt(first, first.waitUntil(() => sizeOf(`${out}.partial`) >= bytes), `${out}.vhdx-shrink.lock`), `killed at ${name}: ${first.output()}`);
    assert.equal(existsSync(out), false, "no file under the final name");
    assert.ok(existsSync(`${out}.partial`));
    const again = await startCli(program, args).finished;
    assertOk(again);
    assert.match(again.output, new RegExp(`note: removed ${out.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\.partial \\([\\d.]+ MiB\\), left unfinished by an interrupted run`));
    assert.equal(existsSync(`${out}.partial`), false);
    assert.equal(await sha256File(disk), fx.original, "the source is unchanged");
    await fx.judge(out);
  }
});

test("a .partial that a live run is writing is never touched by a second run to the same output", async () => {
  const disk = await fx.freshDisk();
  const other = await fx.freshDisk();
  const out = join(fx.dir, `out${fx.scenario}.vhdx`);
  const first = startCli(fx.binary, ["compact", disk, "--output", out]);
  assert.ok(await first.waitUntil(() => sizeOf(`${out}.partial`) > 0), first.output());
  await first.stop();
  const partial = await sha256File(`${out}.partial`);
  const second = await startCli(fx.binary, ["compact", other, "--output", out]).finished;
  assert.equal(second.code, 1, second.output);
  assert.match(second.output, new RegExp(`^error: .* is held by another vhdx-shrink run \\(pid ${first.pid} `, "m"));
  assert.equal(await sha256File(`${out}.partial`), partial, "the live run's .partial is untouched");
  first.resume();
  assertOk(await first.finished);
  await fx.judge(out);
});

test("--backup runs killed at several points never leave a file under the backup's name that is shorter than or differs from the original", async () => {
  const points: Array<[string, (run: CliRun, bak: string) => Promise<boolean>]> = [
    ["backup started", (run, bak) => run.waitUntil(() => sizeOf(`${bak}.partial`) > 0)],
    ["backup half written", (run, bak) => run.waitUntil(() => sizeOf(`${bak}.partial`) >= 16 * 2 ** 20)],
    ["moving blocks", (run) => run.waitFor(/move \d+ blocks/)],
  ];
  let caughtUnfinished = 0;
  for (const [name, reach] of points) {
    let disk = "", bak = "", args: string[] = [], output = "";
    let killed = false;
    for (let attempt = 0; attempt < ATTEMPTS && !killed; attempt++) {
      disk = await fx.freshDisk();
      bak = `${disk}.bak`;
      args = ["compact", disk, "--yes", "--backup"];
      const first = startCli(fx.binary, args);
      killed = await killAt(first, reach(first, bak), `${disk}.vhdx-shrink.lock`);
      output = first.output();
      if (!killed) assert.equal(await sha256File(bak), fx.original, `${name}: a finished run's backup is the original`);
    }
    assert.ok(killed, `killed at ${name}: ${output}`);
    if (existsSync(bak)) assert.equal(await sha256File(bak), fx.original, `${name}: the backup is whole`);
    else if (existsSync(`${bak}.partial`)) caughtUnfinished++;
    if (existsSync(bak)) continue; // the re-run refuses an existing backup by design
    const again = await startCli(fx.binary, args).finished;
    assertOk(again);
    assert.equal(await sha256File(bak), fx.original, `${name}: the re-run's backup is the original`);
    assert.equal(existsSync(`${bak}.partial`), false);
    await fx.judge(disk);
  }
  assert.ok(caughtUnfinished >= 1, "at least one kill landed while the backup was being written");
});
