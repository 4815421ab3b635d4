/**
 * The maintenance commands under Wine: doctor, watch and schedule. `schedule` talks to the emulated
 * schtasks.exe, not Wine's: Wine 8's schtasks accepts `/Create` only with `/XML` ("Unsupported
 * argument /TR", exit 1) and has no `/Query` (it prints nothing and exits 0), see
 * wine-mirror/wine: programs/schtasks/schtasks.c. The emulator (simulated/tools/schtasks.ts)
 * keeps the task as Task Scheduler XML under C:\windows\system32\Tasks.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { skipReason } from "./suite.ts";
import { MODERN, scenario, shown, ubuntu } from "./scenario.ts";
import { userEnv } from "./support/machine.ts";

const skip = skipReason() ?? false;
const opts = { skip, timeout: 300_000 };

interface Check { id: string; status: string; title: string; detail?: string; fix?: string }

test("doctor --json on a machine without Hyper-V warns and lists the strategies that still work", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, hyperV: false, distros: [ubuntu(s)] }));
  const r = await sc.product(["doctor", "--json"]);
  assert.equal(r.code, 0, shown(r));
  const doc = JSON.parse(r.stdout) as { ok: boolean; checks: Check[] };
  assert.equal(doc.ok, true);
  const hyperV = doc.checks.find((c) => c.id === "hyper-v");
  assert.equal(hyperV?.status, "warn", shown(r));
  assert.match(hyperV!.title, /optimize-vhd \(Optimize-VHD\) is unavailable/);
  const working = /strategies available here: (.*)$/.exec(hyperV!.detail ?? "")?.[1]?.split(", ") ?? [];
  for (const name of ["native", "export-import", "diskpart"]) assert.ok(working.includes(name), `${name} in ${hyperV!.detail}`);
  assert.ok(!working.includes("optimize-vhd") && !working.includes("unregister-only"), hyperV!.detail);
  assert.equal(doc.checks.find((c) => c.id === "wsl-version")?.status, "ok");
  assert.match(doc.checks.find((c) => c.id === "target-name")?.title ?? "", /distros: Ubuntu/);
});

test("watch --threshold exits 3 when a disk is above it and 0 when every disk is below", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)] }));
  const over = await sc.product(["watch", "--threshold", "1MB", "--json"]);
  assert.equal(over.code, 3, shown(over));
  const doc = JSON.parse(over.stdout) as { overThreshold: boolean; disks: { target: { name: string }; size: number; overThreshold: boolean }[] };
  assert.equal(doc.overThreshold, true);
  assert.deepEqual(doc.disks.map((d) => [d.target.name, d.overThreshold]), [["Ubuntu", true]]);
  assert.ok(doc.disks[0].size > 1024 * 1024, JSON.stringify(doc.disks[0]));
  assert.match(over.stderr, /Ubuntu is .*, above 1\.0 MB: shrink with vhdx-shrink/);
  const under = await sc.product(["watch", "--threshold", "100GB"]);
  assert.equal(under.code, 0, shown(under));
  assert.match(under.stdout, /^Ubuntu\s.*\sno\s*$/m);
});

test("schedule --weekly registers the task, --list shows it and --remove deletes it with its script", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)] }));
  // A task left by an earlier run of the suite (the Tasks folder is not part of the fresh machine).
  await sc.m.run("schtasks.exe", ["/Delete", "/TN", "vhdx-shrink", "/F"]);
  const script = `${userEnv().LOCALAPPDATA}\\vhdx-shrink\\scheduled-shrink.cmd`;

  const reg = await sc.product(["schedule", "--weekly", "--threshold", "40GB", "--strategy", "native"]);
  assert.equal(reg.code, 0, shown(reg));
  assert.match(reg.stdout, /^SUCCESS: The scheduled task "vhdx-shrink" has successfully been created\.\r?$/m);
  assert.match(reg.stdout, /Every SUN at 03:00: watch --threshold 40GB \(40\.0 GB\), then native on Ubuntu when above it\./);
  const lines = readFileSync(sc.m.real(script), "utf8").split("\r\n");
  assert.ok(lines.some((l) => / watch --threshold 40GB --target Ubuntu >> /.test(l)), lines.join("\n"));
  assert.ok(lines.some((l) => /^if %ERRORLEVEL% EQU 3 .* --strategy native --target Ubuntu --yes >> /.test(l)), lines.join("\n"));

  const list = await sc.product(["schedule", "--list"]);
  assert.equal(list.code, 0, shown(list));
  assert.match(list.stdout, /^TaskName:\s+\\vhdx-shrink\r?$/m);
  assert.match(list.stdout, /^Schedule Type:\s+Weekly\r?$/m);
  assert.match(list.stdout, /^Days:\s+SUN\r?$/m);
  assert.match(list.stdout, /^Start Time:\s+3:00:00 AM\r?$/m);
  const run = /^Task To Run:\s+(.*?)\r?$/m.exec(list.stdout)?.[1];
  assert.equal(run?.toLowerCase(), `"${script.toLowerCase()}"`, shown(list));

  const removed = await sc.product(["schedule", "--remove"]);
  assert.equal(removed.code, 0, shown(removed));
  assert.match(removed.stdout, /Removed the "vhdx-shrink" task and its script\./);
  assert.equal(sc.exists(script), false);
  const after = await sc.product(["schedule", "--list"]);
  assert.equal(after.code, 0, shown(after));
  assert.match(after.stdout, /No "vhdx-shrink" task is registered/);
});

test("the emulated sc.exe and net.exe answer for com.docker.service as Windows does", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)], docker: { layout: "4.30", dataVhd: s.disks.dockerData.path } }));
  const absent = await sc.m.run("sc.exe", ["query", "com.docker.service"]);
  assert.equal(absent.code, 1060 & 0xff, "Linux sees the low byte of ERROR_SERVICE_DOES_NOT_EXIST");
  sc.m.setState((s) => void (s.docker.service = "running"));
  const query = await sc.m.run("sc.exe", ["query", "com.docker.service"]);
  assert.match(query.stdout, /^\s+STATE\s+: 4  RUNNING\r?$/m, shown(query));
  const denied = await sc.m.run("net.exe", ["stop", "com.docker.service"]);
  assert.equal(denied.code, 2, shown(denied));
  assert.match(denied.stderr, /System error 5 has occurred\.\r?\n\r?\nAccess is denied\./);
  const stopped = await sc.m.run("net.exe", ["stop", "com.docker.service"], { VHDX_SHRINK_WINE_ELEVATED: "1" });
  assert.equal(stopped.code, 0, shown(stopped));
  assert.match(stopped.stdout, /The Docker Desktop Service service was stopped successfully\./);
  assert.equal(sc.m.state().docker.service, "stopped");
});
