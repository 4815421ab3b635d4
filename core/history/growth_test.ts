import { test } from "node:test";
import assert from "node:assert/strict";
import { growthOf, weekOf } from "./growth.ts";
import type { HistoryRecord } from "./history_file.ts";

const GiB = 1024 ** 3;
const at = (day: number) => new Date(Date.UTC(2026, 0, 5 + day)).toISOString(); // 2026-01-05 is a Monday
const size = (day: number, gib: number, path = "C:\\wsl\\ext4.vhdx"): HistoryRecord => ({ at: at(day), event: "size", name: "Ubuntu", path, size: gib * GiB, by: "list" });
const shrink = (day: number, before: number, after: number): HistoryRecord => ({ at: at(day), event: "shrink", name: "Ubuntu", path: "C:\\wsl\\ext4.vhdx", size: after * GiB, before: before * GiB, strategy: "native", by: "shrink" });

test("growth is counted from the size the last shrink left, not from older sizes", () => {
  const [g] = growthOf([size(0, 20), size(7, 50), shrink(8, 50, 12), size(15, 19), size(22, 26)]);
  assert.equal(g.since, "shrink");
  assert.equal(g.sinceAt, at(8));
  assert.equal(g.grown, 14 * GiB);
  assert.equal(g.perWeek, 7 * GiB);
  assert.deepEqual(g.lastShrink, { at: at(8), size: 12 * GiB, before: 50 * GiB, strategy: "native" });
  assert.deepEqual(g.weeks, [{ week: "2026-01-12", grown: 0 }, { week: "2026-01-19", grown: 7 * GiB }, { week: "2026-01-26", grown: 7 * GiB }]);
  assert.equal(g.records, 5);
});

test("without a shrink, growth is counted from the first size seen", () => {
  const [g] = growthOf([size(14, 30), size(0, 10), size(7, 20)]);
  assert.equal(g.since, "first");
  assert.equal(g.lastShrink, null);
  assert.equal(g.grown, 20 * GiB);
  assert.equal(g.size, 30 * GiB);
  assert.deepEqual(g.weeks.map((w) => w.grown / GiB), [0, 10, 10]);
});

test("under a day of history there is no average per week", () => {
  const [g] = growthOf([size(0, 10), { ...size(0, 11), at: new Date(Date.parse(at(0)) + 3600_000).toISOString() }]);
  assert.equal(g.grown, GiB);
  assert.equal(g.perWeek, null);
});

test("each disk is counted on its own, and paths differing only in case are one disk", () => {
  const gs = growthOf([size(0, 10), size(0, 5, "C:\\docker\\docker_data.vhdx"), size(7, 12, "C:\\WSL\\EXT4.VHDX"), size(7, 6, "C:\\docker\\docker_data.vhdx")]);
  assert.deepEqual(gs.map((g) => [g.path, g.grown / GiB]), [["C:\\WSL\\EXT4.VHDX", 2], ["C:\\docker\\docker_data.vhdx", 1]]);
});

test("weeks start on Monday", () => {
  assert.equal(weekOf(Date.parse("2026-01-11T23:59:00Z")), "2026-01-05");
  assert.equal(weekOf(Date.parse("2026-01-12T00:00:00Z")), "2026-01-12");
});
