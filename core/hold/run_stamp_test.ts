import { test } from "node:test";
import assert from "node:assert/strict";
import { beginRun, endRun, isRunStamp, runIsLive } from "./run_stamp.ts";
import type { ProcessTable } from "./process_table.ts";

/** A process table for machine "here" where only `running` pids run. */
const table = (pid: number, running: number[]): ProcessTable => ({ pid, hostName: () => "here", alive: (p) => running.includes(p) });

test("a run of this process is live until it ends", () => {
  const p = table(10, [10]);
  const stamp = beginRun(p);
  assert.equal(runIsLive(stamp, p), true);
  endRun(stamp);
  assert.equal(runIsLive(stamp, p), false);
});

test("a run of another process is live while that process runs", () => {
  const stamp = beginRun(table(20, [20]));
  endRun(stamp);
  assert.equal(runIsLive(stamp, table(10, [10, 20])), true);
  assert.equal(runIsLive(stamp, table(10, [10])), false);
});

test("a run recorded on another machine is never judged dead", () => {
  const stamp = { ...beginRun(table(20, [])), host: "elsewhere" };
  endRun(stamp);
  assert.equal(runIsLive(stamp, table(10, [10])), true);
});

test("only a whole stamp read back from a record is recognised", () => {
  const stamp = beginRun(table(10, [10]));
  endRun(stamp);
  assert.equal(isRunStamp(JSON.parse(JSON.stringify(stamp))), true);
  assert.equal(isRunStamp({ ...stamp, program: "other" }), false);
  assert.equal(isRunStamp({ ...stamp, pid: "10" }), false);
  assert.equal(isRunStamp(null), false);
});
