import { test } from "node:test";
import assert from "node:assert/strict";
import { withSimulatedHost } from "../support/simulated.ts";
import { runCli } from "../support/cli.ts";
import { ext4Vhdx, FIXTURE_USED_BYTES, hashOf } from "../strategies/support.ts";
import { splitCrtCommandLine } from "../../simulated/tools/crt_argv.ts";
import type { SimulatedHost } from "../../simulated/mod.ts";

const PROFILE = "C:\\Users\\Dev Usuário";
const LOCAL = `${PROFILE}\\AppData\\Local`;
const DIR = `${LOCAL}\\vhdx-shrink`;
const XML = `${DIR}\\scheduled-task.xml`;
const LOG = `${DIR}\\scheduled-shrink.log`;
const EXE = `${LOCAL}\\Programs\\vhdx-shrink\\vhdx-shrink.exe`;
const machine = (elevated = false) => (fx: string) => ({
  distros: [{ name: "Ubuntu", vhd: ext4Vhdx(fx, "ubuntu"), usedBytes: FIXTURE_USED_BYTES, defaultUid: 1000, default: true }], elevated,
  env: { USERPROFILE: PROFILE, LOCALAPPDATA: LOCAL },
});

/** The registered task's XML as `schtasks /Query /XML` prints it. */
async function registeredXml(host: SimulatedHost): Promise<string> {
  const q = await host.exec("schtasks", ["/Query", "/TN", "vhdx-shrink", "/XML"]);
  assert.equal(q.code, 0, q.stderr);
  return q.stdout;
}

/** Runs the registered action as Task Scheduler would: its Command with its Arguments split by the C runtime's rules. */
async function runAction(host: SimulatedHost): Promise<{ code: number; command: string; argv: string[] }> {
  const xml = await registeredXml(host);
  const command = /<Command>([^<]*)<\/Command>/.exec(xml)![1];
  const args = (/<Arguments>([^<]*)<\/Arguments>/.exec(xml)?.[1] ?? "").replace(/&quot;/g, "\"").replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  const argv = splitCrtCommandLine(`"${command}" ${args}`).slice(1);
  // The command is this program (host.selfCommand()), so its arguments run in-process.
  return { code: (await runCli(argv, host)).code, command, argv };
}

test("schedule --weekly registers the exe itself from UTF-16 XML: runs on battery, catches up a missed run, no batch wrapper", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const r = await runCli(["schedule", "--weekly", "--threshold", "40GB", "--strategy", "native", "--target", "Ubuntu"], host);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^SUCCESS: The scheduled task "vhdx-shrink" has successfully been created\.$/m);
    const f = await host.fs.open(XML, "read");
    const head = await f.read(0, 2).finally(() => f.close());
    assert.deepEqual([...head], [0xff, 0xfe], "UTF-16LE with a byte-order mark");
    const xml = await registeredXml(host);
    assert.match(xml, /<StartWhenAvailable>true<\/StartWhenAvailable>/);
    assert.match(xml, /<DisallowStartIfOnBatteries>false<\/DisallowStartIfOnBatteries>/);
    assert.match(xml, /<StopIfGoingOnBatteries>false<\/StopIfGoingOnBatteries>/);
    assert.equal(/<Command>([^<]*)<\/Command>/.exec(xml)?.[1], EXE);
    assert.equal(await host.fs.exists(`${DIR}\\scheduled-shrink.cmd`), false);
    const list = await runCli(["schedule", "--list"], host);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^Schedule:\s+weekly on SUN$/m);
    assert.match(list.stdout, /^Start time:\s+03:00$/m);
    assert.match(list.stdout, /^Missed runs:\s+started when the machine is next on$/m);
    assert.match(list.stdout, /^On battery:\s+runs$/m);
    assert.ok(list.stdout.includes(`Runs:         ${EXE} schedule --run --threshold 40GB --strategy native --target Ubuntu`), list.stdout);
  });
});

test("executing the registered action below the threshold watches, logs and shrinks nothing: task result 0", async () => {
  await withSimulatedHost(machine(), async (host) => {
    assert.equal((await runCli(["schedule", "--weekly", "--threshold", "40GB", "--strategy", "native", "--target", "Ubuntu"], host)).code, 0);
    const disk = `${(await host.registry.values(await ubuntuKey(host))).BasePath}\\ext4.vhdx`;
    const hash = hashOf(host, disk);
    const run = await runAction(host);
    assert.equal(run.command, host.selfCommand()[0]);
    assert.deepEqual(run.argv, ["schedule", "--run", "--threshold", "40GB", "--strategy", "native", "--target", "Ubuntu"]);
    assert.equal(run.code, 0);
    const log = await host.fs.readText(LOG);
    assert.match(log, /> vhdx-shrink watch --threshold 40GB --target Ubuntu\n/);
    assert.doesNotMatch(log, /--strategy native/);
    assert.match(log, /exit 0\n$/);
    assert.equal(hashOf(host, disk), hash);
  });
});

test("executing the registered action above the threshold runs the strategy, which shrinks the disk", async () => {
  await withSimulatedHost(machine(), async (host) => {
    assert.equal((await runCli(["schedule", "--monthly", "--threshold", "1MB", "--strategy", "native", "--target", "Ubuntu"], host)).code, 0);
    const disk = `${(await host.registry.values(await ubuntuKey(host))).BasePath}\\ext4.vhdx`;
    const before = (await host.fs.stat(disk))!.size;
    const run = await runAction(host);
    const log = await host.fs.readText(LOG);
    assert.equal(run.code, 0, log);
    assert.match(log, /> vhdx-shrink --strategy native --target Ubuntu --yes\n/);
    assert.ok((await host.fs.stat(disk))!.size < before, log);
  });
});

test("a scheduled run that cannot do its work ends with a non-zero task result, not success", async () => {
  await withSimulatedHost(machine(), async (host) => {
    assert.equal((await runCli(["schedule", "--weekly", "--threshold", "1MB", "--strategy", "native", "--target", "Ubuntu"], host)).code, 0);
    await host.exec("wsl", ["--unregister", "Ubuntu"]);
    const run = await runAction(host);
    assert.notEqual(run.code, 0);
    const log = await host.fs.readText(LOG);
    assert.match(log, /watch failed \(exit \d+\); no shrink/);
    assert.match(log, new RegExp(`exit ${run.code}\\n$`));
  });
});

test("schedule --remove deletes the task, its XML and an earlier version's wrapper, and says so when there was none", async () => {
  await withSimulatedHost(machine(), async (host) => {
    await host.fs.mkdir(DIR);
    await host.fs.writeText(`${DIR}\\scheduled-shrink.cmd`, "@echo off\r\n");
    assert.equal((await runCli(["schedule", "--monthly", "--day", "15", "--at", "12:30"], host)).code, 0);
    const r = await runCli(["schedule", "--remove"], host);
    assert.match(r.stdout, /Removed the "vhdx-shrink" task/);
    assert.equal(await host.fs.exists(XML), false);
    assert.equal(await host.fs.exists(`${DIR}\\scheduled-shrink.cmd`), false);
    assert.equal((await host.exec("schtasks", ["/Query", "/TN", "vhdx-shrink", "/XML"])).code, 1);
    assert.match((await runCli(["schedule", "--remove"], host)).stdout, /No "vhdx-shrink" task was registered/);
    assert.match((await runCli(["schedule", "--list"], host)).stdout, /No "vhdx-shrink" task is registered/);
  });
});

test("schedule refuses unregister-only, which deletes data, and registers nothing", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const r = await runCli(["schedule", "--weekly", "--strategy", "unregister-only", "--target", "Ubuntu"], host);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unregister-only deletes the distro's data: it is never scheduled/);
    assert.equal((await host.exec("schtasks", ["/Query", "/TN", "vhdx-shrink"])).code, 1);
  });
});

test("an admin strategy needs an elevated terminal and is registered with highest privileges", async () => {
  await withSimulatedHost(machine(false), async (host) => {
    const r = await runCli(["schedule", "--weekly", "--strategy", "diskpart", "--target", "Ubuntu"], host);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /diskpart needs administrator rights.*elevated terminal/);
  });
  await withSimulatedHost(machine(true), async (host) => {
    const r = await runCli(["schedule", "--weekly", "--strategy", "diskpart", "--target", "Ubuntu"], host);
    assert.equal(r.code, 0, r.stderr);
    assert.match(await registeredXml(host), /<RunLevel>HighestAvailable<\/RunLevel>/);
  });
});

test("schedule checks its options before touching Task Scheduler", async () => {
  await withSimulatedHost(machine(), async (host) => {
    assert.equal((await runCli(["schedule"], host)).code, 2);
    assert.equal((await runCli(["schedule", "--weekly", "--monthly"], host)).code, 2);
    assert.match((await runCli(["schedule", "--weekly", "--day", "32"], host)).stderr, /--day 32 does not fit --weekly/);
    assert.match((await runCli(["schedule", "--weekly", "--threshold", "lots"], host)).stderr, /not a size/);
    const dry = await runCli(["schedule", "--weekly", "--strategy", "native", "--dry-run"], host);
    assert.equal(dry.code, 0);
    assert.match(dry.stdout, /Would run: schtasks \/Create \/TN vhdx-shrink \/XML ".*scheduled-task\.xml" \/F/);
    assert.match(dry.stdout, /<StartWhenAvailable>true<\/StartWhenAvailable>/);
    assert.equal(await host.fs.exists(XML), false);
  });
});

const LXSS = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss";
async function ubuntuKey(host: SimulatedHost): Promise<string> {
  return `${LXSS}\\${(await host.registry.subkeys(LXSS))[0]}`;
}
