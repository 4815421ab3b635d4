/**
 * `schedule --after-shutdown` through the .exe under Wine: the task's XML (UTF-16, a TimeTrigger
 * repeating every PT15M) is registered with the emulated schtasks.exe (Wine's has no `/Query`; see
 * maintenance_test.ts), and the registered action runs: a running distro leaves the disk
 * byte-identical, a stopped machine is shrunk, and the next run within the cooldown changes nothing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { skipReason } from "./suite.ts";
import { distroDisk, GUID, MODERN, scenario, shown, ubuntu } from "./scenario.ts";
import type { Scenario } from "./scenario.ts";
import { userEnv } from "./support/machine.ts";
import { splitCrtCommandLine } from "../../simulated/tools/crt_argv.ts";

const skip = skipReason() ?? false;
const opts = { skip, timeout: 600_000 };
const dir = () => `${userEnv().LOCALAPPDATA}\\vhdx-shrink`;

/** Registers the task and returns the arguments of its action, split as the C runtime does. */
async function register(sc: Scenario): Promise<string[]> {
  // A task, log or history left by an earlier run of the suite (the prefix outlives a run).
  await sc.m.run("schtasks.exe", ["/Delete", "/TN", "vhdx-shrink", "/F"]);
  for (const f of ["scheduled-shrink.log", "history.jsonl"]) rmSync(sc.m.real(`${dir()}\\${f}`), { force: true });
  const reg = await sc.product(["schedule", "--after-shutdown", "--cooldown", "12", "--strategy", "native", "--target", "Ubuntu"]);
  assert.equal(reg.code, 0, shown(reg));
  assert.match(reg.stdout, /^SUCCESS: The scheduled task "vhdx-shrink" has successfully been created\.\r?$/m);
  const xml = (await sc.m.run("schtasks.exe", ["/Query", "/TN", "vhdx-shrink", "/XML"])).stdout;
  assert.match(xml, /<TimeTrigger><Repetition><Interval>PT15M<\/Interval>/, xml);
  return splitCrtCommandLine(`x ${(/<Arguments>([^<]*)<\/Arguments>/.exec(xml)?.[1] ?? "").replace(/&quot;/g, "\"").replace(/&amp;/g, "&")}`).slice(1);
}

const logOf = (sc: Scenario) => readFileSync(sc.m.real(`${dir()}\\scheduled-shrink.log`), "utf8");

test("the .exe's after-shutdown task leaves a running distro's disk byte-identical with one log line", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s, { running: true })] }));
  const args = await register(sc);
  assert.deepEqual(args, ["schedule", "--run", "--threshold", "0", "--after-shutdown", "--cooldown", "12", "--strategy", "native", "--target", "Ubuntu"]);
  const disk = distroDisk(GUID.ubuntu);
  const hash = sc.sha256(disk);
  const run = await sc.product(args);
  assert.equal(run.code, 0, shown(run));
  assert.match(logOf(sc), /^\[[^\]]+\] scheduled run, after shutdown --cooldown 12: WSL is running \(Ubuntu\); nothing to do\r?\n$/);
  assert.equal(sc.sha256(disk), hash);
});

test("the .exe's after-shutdown task shrinks a stopped machine, then waits out the cooldown", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)] }));
  const args = await register(sc);
  const disk = distroDisk(GUID.ubuntu);
  const before = sc.size(disk);
  const run = await sc.product(args);
  assert.equal(run.code, 0, shown(run));
  assert.match(logOf(sc), /no distro running, Docker Desktop not running, no shrink recorded: shrinking\r?\n/);
  assert.ok(sc.size(disk) < before, `${sc.size(disk)} < ${before}`);
  const hash = sc.sha256(disk);
  const again = await sc.product(args);
  assert.equal(again.code, 0, shown(again));
  assert.match(logOf(sc).split("scheduled run, after shutdown").at(-1)!, /within the 12 h cooldown; nothing to do\r?\n$/);
  assert.equal(sc.sha256(disk), hash);
});
