import { test } from "node:test";
import assert from "node:assert/strict";
import { withSimulatedHost } from "../support/simulated.ts";
import { runCli } from "../support/cli.ts";

const SCRIPT = "C:\\Users\\John Doe\\AppData\\Local\\vhdx-shrink\\scheduled-shrink.cmd";
const EXE = "C:\\Users\\John Doe\\AppData\\Local\\Programs\\vhdx-shrink\\vhdx-shrink.exe";
const machine = (elevated = false) => () => ({
  distros: [{ name: "Ubuntu" }], elevated,
  env: { USERPROFILE: "C:\\Users\\John Doe", LOCALAPPDATA: "C:\\Users\\John Doe\\AppData\\Local" },
});

test("schedule --weekly registers a task that runs the wrapper, which watches then shrinks above the threshold", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const r = await runCli(["schedule", "--weekly", "--threshold", "40GB", "--strategy", "native", "--target", "Ubuntu"], host);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^SUCCESS: The scheduled task "vhdx-shrink" has successfully been created\.$/m);
    const script = (await host.fs.readText(SCRIPT)).split("\r\n");
    assert.ok(script.includes(`"${EXE}" watch --threshold 40GB --target Ubuntu >> "C:\\Users\\John Doe\\AppData\\Local\\vhdx-shrink\\scheduled-shrink.log" 2>&1`), script.join("\n"));
    assert.ok(script.some((l) => l.startsWith(`if %ERRORLEVEL% EQU 3 "${EXE}" --strategy native --target Ubuntu --yes`)));
    const list = await runCli(["schedule", "--list"], host);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^Task To Run:\s+"C:\\Users\\John Doe\\AppData\\Local\\vhdx-shrink\\scheduled-shrink\.cmd"$/m);
    assert.match(list.stdout, /^Days:\s+SUN$/m);
  });
});

test("schedule --remove deletes the task and the wrapper, and says so when there was none", async () => {
  await withSimulatedHost(machine(), async (host) => {
    assert.equal((await runCli(["schedule", "--monthly", "--day", "15", "--at", "12:30"], host)).code, 0);
    const r = await runCli(["schedule", "--remove"], host);
    assert.match(r.stdout, /Removed the "vhdx-shrink" task/);
    assert.equal(await host.fs.exists(SCRIPT), false);
    assert.equal((await host.exec("schtasks", ["/Query", "/TN", "vhdx-shrink"])).code, 1);
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
    assert.match(await host.fs.readText("C:\\Windows\\System32\\Tasks\\vhdx-shrink"), /<RunLevel>HighestAvailable<\/RunLevel>/);
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
    assert.match(dry.stdout, /Would run: schtasks \/Create \/TN vhdx-shrink/);
    assert.equal(await host.fs.exists(SCRIPT), false);
  });
});
