/**
 * The wsl-compact strategy through the .exe under Wine, against the emulated wsl.exe (simulated/tools/wsl_compact.ts):
 * `compare` shows it where wsl.exe's usage lists `--manage --compact`, and a run leaves a disk the judges accept.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { skipReason } from "./suite.ts";
import { GUID, scenario, shown, ubuntu } from "./scenario.ts";
import { COMPACT_EMULATED_FROM } from "../../simulated/tools/wsl_compact.ts";

const skip = skipReason() ?? false;
const opts = { skip, timeout: 300_000 };

interface Row { name: string; available: boolean; reason?: string; estimate: { sizeAfter: number; reclaimable: number; exact: boolean } | null }

test("on a WSL with --manage --compact, compare shows wsl-compact beside native and a run compacts the distro's disk", opts, async () => {
  const sc = await scenario((s) => ({ wsl: { version: COMPACT_EMULATED_FROM }, windowsBuild: 22631, distros: [ubuntu(s, { running: true })] }));
  const UBUNTU = sc.disk(GUID.ubuntu);
  const r = await sc.product(["compare", "--target", "Ubuntu", "--json"]);
  assert.equal(r.code, 0, shown(r));
  const rows = (JSON.parse(r.stdout) as { targets: { strategies: Row[] }[] }).targets[0].strategies;
  const wc = rows.find((x) => x.name === "wsl-compact")!;
  assert.equal(wc.available, true, wc.reason);
  assert.equal(wc.estimate?.exact, false);
  assert.equal(wc.estimate?.sizeAfter, rows.find((x) => x.name === "native")!.estimate?.sizeAfter);

  const before = sc.size(UBUNTU);
  const run = await sc.product(["--strategy", "wsl-compact", "--target", "Ubuntu", "--yes"]);
  assert.equal(run.code, 0, shown(run));
  assert.deepEqual(sc.m.state().running, [], "WSL compacts a stopped distro");
  assert.ok(sc.size(UBUNTU) < before / 2, `${before} -> ${sc.size(UBUNTU)}`);
  await sc.judge(UBUNTU, sc.s.disks.ubuntu);
});
