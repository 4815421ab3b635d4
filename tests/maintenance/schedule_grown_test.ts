import { test } from "node:test";
import assert from "node:assert/strict";
import { withSimulatedHost } from "../support/simulated.ts";
import { runCli } from "../support/cli.ts";
import { ext4Vhdx, FIXTURE_USED_BYTES, hashOf } from "../strategies/support.ts";
import { splitCrtCommandLine } from "../../simulated/tools/crt_argv.ts";
import { appendHistory, readHistory } from "../../core/history/mod.ts";
import type { SimulatedHost } from "../../simulated/mod.ts";

const LOCAL = "C:\\Users\\me\\AppData\\Local";
const LOG = `${LOCAL}\\vhdx-shrink\\scheduled-shrink.log`;
const MiB = 1024 ** 2;
const machine = () => (fx: string) => ({
  distros: [{ name: "Ubuntu", vhd: ext4Vhdx(fx, "ubuntu"), usedBytes: FIXTURE_USED_BYTES, defaultUid: 1000, default: true }],
  env: { LOCALAPPDATA: LOCAL },
});

/** Runs the registered action as Task Scheduler would: its Command with its Arguments split by the C runtime's rules. */
async function runAction(host: SimulatedHost): Promise<{ code: number; argv: string[]; stdout: string }> {
  const q = await host.exec("schtasks", ["/Query", "/TN", "vhdx-shrink", "/XML"]);
  assert.equal(q.code, 0, q.stderr);
  const command = /<Command>([^<]*)<\/Command>/.exec(q.stdout)![1];
  const args = (/<Arguments>([^<]*)<\/Arguments>/.exec(q.stdout)?.[1] ?? "").replace(/&quot;/g, "\"").replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  const argv = splitCrtCommandLine(`"${command}" ${args}`).slice(1);
  const r = await runCli(argv, host);
  return { code: r.code, argv, stdout: r.stdout };
}

const diskOf = async (host: SimulatedHost) => {
  const key = (await host.registry.subkeys("HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss"))[0];
  return `${(await host.registry.values(`HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\\${key}`)).BasePath}\\ext4.vhdx`;
};

test("schedule --grown puts the trigger in the task's action and drops the size threshold", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const r = await runCli(["schedule", "--weekly", "--grown", "10GiB", "--strategy", "native", "--target", "Ubuntu"], host);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /when a disk has grown by 10GiB since its last shrink/);
    const q = await host.exec("schtasks", ["/Query", "/TN", "vhdx-shrink", "/XML"]);
    assert.match(q.stdout, /<Arguments>schedule --run --threshold 0 --grown 10GiB --strategy native --target Ubuntu<\/Arguments>/);
    assert.equal((await runCli(["schedule", "--weekly", "--grown", "lots"], host)).code, 2);
  });
});

test("the scheduled run does nothing while no disk has grown by --grown since its last shrink", async () => {
  await withSimulatedHost(machine(), async (host) => {
    assert.equal((await runCli(["schedule", "--weekly", "--grown", "1MiB", "--strategy", "native", "--target", "Ubuntu"], host)).code, 0);
    const disk = await diskOf(host);
    const hash = hashOf(host, disk);
    const run = await runAction(host);
    const log = await host.fs.readText(LOG);
    assert.equal(run.code, 0, log);
    assert.match(log, /growth trigger --grown 1MiB: no disk has grown by 1\.0 MiB since its last shrink \(most: Ubuntu \+0 B since first seen \d{4}-\d\d-\d\d\); nothing to do\n/);
    assert.doesNotMatch(log, /> vhdx-shrink/);
    assert.equal(hashOf(host, disk), hash);
    assert.deepEqual((await readHistory(host)).map((r) => [r.by, r.name]), [["schedule", "Ubuntu"]]);
  });
});

test("the scheduled run shrinks a disk grown by --grown since its last shrink, and then counts from that shrink", async () => {
  await withSimulatedHost(machine(), async (host) => {
    assert.equal((await runCli(["schedule", "--weekly", "--grown", "1MiB", "--strategy", "native", "--target", "Ubuntu"], host)).code, 0);
    const disk = await diskOf(host);
    const before = (await host.fs.stat(disk))!;
    const onDisk = before.allocatedSize ?? before.size;
    assert.ok(onDisk > 2 * MiB, String(onDisk));
    const threeWeeksAgo = new Date(Date.now() - 21 * 24 * 3600_000).toISOString();
    await appendHistory(host, [{ at: threeWeeksAgo, event: "shrink", name: "Ubuntu", path: disk, size: onDisk - 2 * MiB, before: onDisk, strategy: "native", by: "shrink" }]);
    const run = await runAction(host);
    let log = await host.fs.readText(LOG);
    assert.equal(run.code, 0, log);
    assert.match(log, /growth trigger --grown 1MiB: grown by 1\.0 MiB or more: Ubuntu \+2\.0 MiB since its last shrink /);
    assert.match(log, /> vhdx-shrink --strategy native --target Ubuntu --yes\n/);
    assert.ok((await host.fs.stat(disk))!.size < before.size, log);
    const last = (await readHistory(host)).at(-1)!;
    assert.deepEqual([last.event, last.strategy], ["shrink", "native"]);
    const again = await runAction(host);
    log = await host.fs.readText(LOG);
    assert.equal(again.code, 0, log);
    assert.match(log.split("scheduled run, growth trigger").at(-1)!, /nothing to do/);
  });
});
