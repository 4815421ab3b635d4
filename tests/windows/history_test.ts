import { test } from "node:test";
import { rmSync } from "node:fs";
import assert from "node:assert/strict";
import { skipReason } from "./suite.ts";
import { MODERN, scenario, shown, ubuntu } from "./scenario.ts";
import { userEnv } from "./support/machine.ts";

const skip = skipReason() ?? false;

interface Growth {
  name: string;
  since: string;
  grown: number;
  records: number;
  lastShrink: { strategy: string; before: number; size: number } | null;
}

test("the .exe's list writes the size history under %LOCALAPPDATA%, a native shrink adds what it left, list --history counts from it", { skip, timeout: 600_000 }, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)] }));
  // The prefix (and its user's %LOCALAPPDATA%) outlives a run: start without an earlier run's history.
  const history = `${userEnv().LOCALAPPDATA}\\vhdx-shrink\\history.jsonl`;
  rmSync(sc.m.real(history), { force: true });
  const first = await sc.product(["list", "--json"]);
  assert.equal(first.code, 0, shown(first));
  const [seen] = JSON.parse(first.stdout).history as Growth[];
  assert.deepEqual([seen.name, seen.since, seen.grown, seen.records], ["Ubuntu", "first", 0, 1], shown(first));
  assert.ok(sc.exists(history));

  const shrink = await sc.product(["--strategy", "native", "--target", "Ubuntu", "--yes"]);
  assert.equal(shrink.code, 0, shown(shrink));
  const r = await sc.product(["list", "--history", "--json"]);
  assert.equal(r.code, 0, shown(r));
  const [g] = JSON.parse(r.stdout).history as Growth[];
  assert.deepEqual([g.since, g.grown, g.records, g.lastShrink?.strategy], ["shrink", 0, 3, "native"], shown(r));
  assert.ok(g.lastShrink!.size < g.lastShrink!.before, shown(r));
  const text = await sc.product(["list", "--history"]);
  assert.match(text.stdout, /^Ubuntu\s+\S+ \S+\s+0 B\s+shrink \d{4}-\d\d-\d\d/m, shown(text));
});
