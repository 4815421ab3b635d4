import { test } from "node:test";
import assert from "node:assert/strict";
import { grownDecision } from "./grown_trigger.ts";
import type { DiskGrowth } from "./growth.ts";

const disk = (name: string, grown: number): DiskGrowth => ({
  name, path: `C:\\wsl\\${name}.vhdx`, size: 100 + grown, at: "2026-01-20T00:00:00.000Z", lastShrink: null,
  since: "first", sinceAt: "2026-01-01T00:00:00.000Z", grown, perWeek: null, weeks: [], records: 2,
});

test("a disk grown by the minimum or more triggers a run; the due disks come largest first", () => {
  const d = grownDecision([disk("a", 5), disk("b", 10), disk("c", 12)], 10, ["C:\\wsl\\a.vhdx", "C:\\WSL\\B.VHDX", "C:\\wsl\\c.vhdx"], String);
  assert.equal(d.run, true);
  assert.deepEqual(d.due.map((g) => g.name), ["c", "b"]);
  assert.match(d.line, /^grown by 10 or more: c \+12 since first seen 2026-01-01, b \+10/);
});

test("below the minimum, or on disks the task does not cover, nothing runs", () => {
  const d = grownDecision([disk("a", 9), disk("other", 50)], 10, ["C:\\wsl\\a.vhdx"], String);
  assert.equal(d.run, false);
  assert.deepEqual(d.due, []);
  assert.equal(d.line, "no disk has grown by 10 since its last shrink (most: a +9 since first seen 2026-01-01); nothing to do");
  assert.equal(grownDecision([], 10, ["C:\\wsl\\a.vhdx"], String).line, "no disk has grown by 10 since its last shrink; nothing to do");
});
