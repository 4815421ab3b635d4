import { test } from "node:test";
import assert from "node:assert/strict";
import { withSimulatedHost } from "../support/simulated.ts";
import { runCli } from "../support/cli.ts";
import { ext4Vhdx, FIXTURE_USED_BYTES, hashOf } from "../strategies/support.ts";
import { splitCrtCommandLine } from "../../simulated/tools/crt_argv.ts";
import { appendHistory, readHistory, shutdownDecision } from "../../core/history/mod.ts";
import { encodeTaskXml, REPEAT_INTERVAL, taskXml } from "../../core/schedule/schedule_task.ts";
import type { SimulatedHost } from "../../simulated/mod.ts";

const LOCAL = "C:\\Users\\me\\AppData\\Local";
const LOG = `${LOCAL}\\vhdx-shrink\\scheduled-shrink.log`;
const machine = (o: { running?: boolean; docker?: boolean } = {}) => (fx: string) => ({
  distros: [{ name: "Ubuntu", vhd: ext4Vhdx(fx, "ubuntu"), usedBytes: FIXTURE_USED_BYTES, defaultUid: 1000, default: true, running: o.running ?? false }],
  ...(o.docker ? { docker: { layout: "4.30" as const, running: true } } : {}),
  env: { LOCALAPPDATA: LOCAL },
});
const REGISTER = ["schedule", "--after-shutdown", "--cooldown", "12", "--strategy", "native", "--target", "Ubuntu"];

/** Runs the registered action as Task Scheduler would: its Command with its Arguments split by the C runtime's rules. */
async function runAction(host: SimulatedHost): Promise<{ code: number; stdout: string; stderr: string }> {
  const q = await host.exec("schtasks", ["/Query", "/TN", "vhdx-shrink", "/XML"]);
  assert.equal(q.code, 0, q.stderr);
  const command = /<Command>([^<]*)<\/Command>/.exec(q.stdout)![1];
  const args = (/<Arguments>([^<]*)<\/Arguments>/.exec(q.stdout)?.[1] ?? "").replace(/&quot;/g, "\"").replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  return await runCli(splitCrtCommandLine(`"${command}" ${args}`).slice(1), host);
}

const diskOf = async (host: SimulatedHost) => {
  const key = (await host.registry.subkeys("HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss"))[0];
  return `${(await host.registry.values(`HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\\${key}`)).BasePath}\\ext4.vhdx`;
};

test("schedule --after-shutdown registers a time trigger repeating every 15 minutes that schtasks accepts, and the run checks first", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const r = await runCli(REGISTER, host);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /SUCCESS: The scheduled task "vhdx-shrink" has successfully been created\./);
    assert.match(r.stdout, /Every 15 minutes from 03:00, when no distro and no Docker Desktop is running and 12 h have passed since the last shrink/);
    const q = await host.exec("schtasks", ["/Query", "/TN", "vhdx-shrink", "/XML"]);
    assert.match(q.stdout, /<TimeTrigger><Repetition><Interval>PT15M<\/Interval><StopAtDurationEnd>false<\/StopAtDurationEnd><\/Repetition><StartBoundary>\d{4}-\d\d-\d\dT03:00:00<\/StartBoundary>/);
    assert.doesNotMatch(q.stdout, /CalendarTrigger/);
    assert.match(q.stdout, /<Arguments>schedule --run --threshold 0 --after-shutdown --cooldown 12 --strategy native --target Ubuntu<\/Arguments>/);
    const list = await runCli(["schedule", "--list"], host);
    assert.match(list.stdout, /Schedule:\s+repeats every PT15M/);
    assert.equal((await runCli(["schedule", "--after-shutdown", "--cooldown", "soon"], host)).code, 2);
    assert.equal((await runCli(["schedule", "--weekly", "--cooldown", "3"], host)).code, 2);
  });
});

for (const [what, o, line] of [
  ["a distro is running", { running: true }, /WSL is running \(Ubuntu\); nothing to do\n/],
  ["Docker Desktop is running", { docker: true }, /Docker Desktop is running(, WSL is running \(docker-desktop\))?; nothing to do\n/],
] as const) {
  test(`the after-shutdown run logs one line and touches nothing while ${what}`, async () => {
    await withSimulatedHost(machine(o), async (host) => {
      assert.equal((await runCli(REGISTER, host)).code, 0);
      const disk = await diskOf(host);
      const hash = hashOf(host, disk);
      const run = await runAction(host);
      const log = await host.fs.readText(LOG);
      assert.equal(run.code, 0, log);
      assert.match(log, line);
      assert.equal(log.split("\n").filter(Boolean).length, 1, log);
      assert.equal(hashOf(host, disk), hash);
      assert.deepEqual(await readHistory(host), []);
    });
  });
}

test("the after-shutdown run shrinks when everything is stopped and the cooldown has passed, then waits out the cooldown", async () => {
  await withSimulatedHost(machine(), async (host) => {
    assert.equal((await runCli(REGISTER, host)).code, 0);
    const disk = await diskOf(host);
    const before = (await host.fs.stat(disk))!;
    const longAgo = new Date(Date.now() - 13 * 3600_000).toISOString();
    await appendHistory(host, [{ at: longAgo, event: "shrink", name: "Ubuntu", path: disk, size: 1, before: 2, strategy: "native", by: "shrink" }]);
    const run = await runAction(host);
    let log = await host.fs.readText(LOG);
    assert.equal(run.code, 0, log);
    assert.match(log, /after shutdown --cooldown 12: no distro running, Docker Desktop not running, last shrink \S+: shrinking\n/);
    assert.match(log, /> vhdx-shrink --strategy native --target Ubuntu --yes\n/);
    assert.ok((await host.fs.stat(disk))!.size < before.size, log);
    const last = (await readHistory(host)).at(-1)!;
    assert.deepEqual([last.event, last.strategy], ["shrink", "native"]);
    // Within the cooldown now: the next run changes nothing.
    const hash = hashOf(host, disk);
    const again = await runAction(host);
    log = await host.fs.readText(LOG);
    assert.equal(again.code, 0, log);
    assert.match(log.split("scheduled run, after shutdown").at(-1)!, /: last shrink \S+ is 0\.0 h ago, within the 12 h cooldown; nothing to do\n$/);
    assert.equal(hashOf(host, disk), hash);
  });
});

test("shutdownDecision: unknown WSL state never runs; the cooldown counts from the last shrink", () => {
  const now = new Date("2026-01-02T00:00:00Z");
  const idle = { runningDistros: [], dockerDesktopRunning: false };
  assert.equal(shutdownDecision({ runningDistros: null, dockerDesktopRunning: false }, null, 0, now).run, false);
  assert.equal(shutdownDecision(idle, null, 24, now).run, true);
  assert.equal(shutdownDecision(idle, "2026-01-01T00:00:01Z", 24, now).run, false);
  assert.equal(shutdownDecision(idle, "2026-01-01T00:00:00Z", 24, now).run, true);
});

test("the emulated schtasks /Create /XML refuses a repetition interval outside the schema's PT1M..P31D", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const spec = { frequency: "weekly" as const, day: "SUN", time: "03:00", threshold: "0", targets: [], afterShutdown: true, cooldown: 24, self: ["C:\\vhdx-shrink.exe"], highest: false };
    const file = `${LOCAL}\\task.xml`;
    const tryInterval = async (interval: string) => {
      await host.fs.mkdir(LOCAL);
      if (await host.fs.exists(file)) await host.fs.remove(file);
      const f = await host.fs.open(file, "create");
      await f.write(0, encodeTaskXml(taskXml(spec, new Date(), LOCAL).replace(`<Interval>${REPEAT_INTERVAL}</Interval>`, `<Interval>${interval}</Interval>`)));
      await f.close();
      return await host.exec("schtasks", ["/Create", "/TN", "t", "/XML", file, "/F"]);
    };
    for (const bad of ["PT30S", "P32D", "15 minutes"]) {
      const r = await tryInterval(bad);
      assert.equal(r.code, 1, bad);
      assert.match(r.stderr, /^ERROR: The task XML contains a value which is incorrectly formatted or out of range\./);
    }
    assert.equal((await host.exec("schtasks", ["/Query", "/TN", "t", "/XML"])).code, 1);
    const ok = await tryInterval("PT1M");
    assert.equal(ok.code, 0, ok.stderr);
  });
});
