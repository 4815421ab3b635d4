/**
 * The maintenance commands under Wine: doctor, watch and schedule. `schedule` talks to the emulated
 * schtasks.exe, not Wine's: Wine 8's schtasks accepts `/Create /XML` but has no `/Query` (it prints
 * nothing and exits 0), see
 * wine-mirror/wine: programs/schtasks/schtasks.c. The emulator (simulated/tools/schtasks.ts)
 * keeps the task as Task Scheduler XML under C:\windows\system32\Tasks.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { skipReason } from "./suite.ts";
import { MODERN, scenario, shown, ubuntu } from "./scenario.ts";
import { userEnv } from "./support/machine.ts";
import { splitCrtCommandLine } from "../../simulated/tools/crt_argv.ts";

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
  assert.match(over.stderr, /Ubuntu is .*, above 1\.0 MiB: shrink with vhdx-shrink/);
  const under = await sc.product(["watch", "--threshold", "100GB"]);
  assert.equal(under.code, 0, shown(under));
  assert.match(under.stdout, /^Ubuntu\s.*\sno\s*$/m);
});

test("schedule --weekly registers the exe from UTF-16 XML, --list reads it back, the registered action runs and its exit code is the result, --remove deletes it", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)] }));
  // A task left by an earlier run of the suite (the Tasks folder is not part of the fresh machine).
  await sc.m.run("schtasks.exe", ["/Delete", "/TN", "vhdx-shrink", "/F"]);
  const dir = `${userEnv().LOCALAPPDATA}\\vhdx-shrink`;

  const reg = await sc.product(["schedule", "--weekly", "--threshold", "40GB", "--strategy", "native"]);
  assert.equal(reg.code, 0, shown(reg));
  assert.match(reg.stdout, /^SUCCESS: The scheduled task "vhdx-shrink" has successfully been created\.\r?$/m);
  assert.match(reg.stdout, /Every SUN at 03:00: watch --threshold 40GB \(40\.0 GiB\), then native on Ubuntu when above it\./);
  assert.deepEqual([...readFileSync(sc.m.real(`${dir}\\scheduled-task.xml`)).subarray(0, 2)], [0xff, 0xfe]);
  assert.equal(sc.exists(`${dir}\\scheduled-shrink.cmd`), false);

  const list = await sc.product(["schedule", "--list"]);
  assert.equal(list.code, 0, shown(list));
  assert.match(list.stdout, /^Schedule:\s+weekly on SUN\r?$/m);
  assert.match(list.stdout, /^Missed runs:\s+started when the machine is next on\r?$/m);
  assert.match(list.stdout, /^On battery:\s+runs\r?$/m);

  // Execute the registered action: its Command is the product exe, its Arguments split as the C runtime does.
  const xml = (await sc.m.run("schtasks.exe", ["/Query", "/TN", "vhdx-shrink", "/XML"])).stdout;
  assert.match(/<Command>([^<]*)<\/Command>/.exec(xml)?.[1] ?? "", /^[A-Z]:\\.*\.exe$/i, xml);
  const args = splitCrtCommandLine(`x ${(/<Arguments>([^<]*)<\/Arguments>/.exec(xml)?.[1] ?? "").replace(/&quot;/g, "\"").replace(/&amp;/g, "&")}`).slice(1);
  assert.deepEqual(args, ["schedule", "--run", "--threshold", "40GB", "--strategy", "native", "--target", "Ubuntu"]);
  const run = await sc.product(args);
  assert.equal(run.code, 0, shown(run));
  const log = readFileSync(sc.m.real(`${dir}\\scheduled-shrink.log`), "utf8");
  assert.match(log, /> vhdx-shrink watch --threshold 40GB --target Ubuntu\r?\n/);
  assert.match(log, /exit 0\r?\n$/);
  const failed = await sc.product(["schedule", "--run", "--threshold", "40GB", "--strategy", "native", "--target", "NoSuchDistro"]);
  assert.notEqual(failed.code, 0, shown(failed));

  const removed = await sc.product(["schedule", "--remove"]);
  assert.equal(removed.code, 0, shown(removed));
  assert.match(removed.stdout, /Removed the "vhdx-shrink" task and its file\./);
  assert.equal(sc.exists(`${dir}\\scheduled-task.xml`), false);
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
