import { test } from "node:test";
import assert from "node:assert/strict";
import { parseDockerSize, parseReclaimed, parseSystemDf } from "./docker_output.ts";
import { parseWslConfig } from "../wsl/wslconfig.ts";
import { createTaskArgs, encodeTaskXml, normalizeDay, normalizeTime, parseTaskXml, quoteWindowsArg, taskXml } from "../schedule/schedule_task.ts";
import { scheduledSteps } from "./schedule_run.ts";
import { splitCrtCommandLine } from "../../simulated/tools/crt_argv.ts";

test("Docker sizes are decimal, with or without a space, and binary units are understood", () => {
  assert.equal(parseDockerSize("1.2GB"), 1_200_000_000);
  assert.equal(parseDockerSize("512kB"), 512_000);
  assert.equal(parseDockerSize("0B"), 0);
  assert.equal(parseDockerSize("2 MiB"), 2 * 1024 * 1024);
  assert.equal(parseDockerSize("lots"), null);
});

test("the reclaimed total is read from system prune and from builder prune output", () => {
  assert.equal(parseReclaimed("Deleted Images:\nuntagged: a:latest\n\nTotal reclaimed space: 1.2GB\n"), 1_200_000_000);
  assert.equal(parseReclaimed("ID\tRECLAIMABLE\tSIZE\tLAST ACCESSED\nTotal:\t300MB\n"), 300_000_000);
  assert.equal(parseReclaimed("nothing here"), null);
});

test("docker system df rows keep two-word types and drop the percentage", () => {
  const rows = parseSystemDf("TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\nImages          5         2         16.43MB   11.63MB (70%)\nLocal Volumes   2         1         36B       0B (0%)\nBuild Cache     0         0         0B        0B\n");
  assert.deepEqual(rows, [
    { type: "Images", size: 16_430_000, reclaimable: 11_630_000 },
    { type: "Local Volumes", size: 36, reclaimable: 0 },
    { type: "Build Cache", size: 0, reclaimable: 0 },
  ]);
});

test(".wslconfig sections and keys are case-insensitive and comments are ignored", () => {
  const c = parseWslConfig("\uFEFF# mine\r\n[WSL2]\r\nmemory=4GB\r\ndefaultVhdSize = 256GB ; cap\r\n[experimental]\r\nSparseVhd=true\r\n");
  assert.equal(c.wsl2.defaultvhdsize, "256GB");
  assert.equal(c.experimental.sparsevhd, "true");
  assert.equal(c.wsl2.memory, "4GB");
});

test("Windows argument quoting survives the C runtime's split, with spaces, quotes, trailing backslashes and non-ASCII letters", () => {
  const args = ["C:\\Users\\Dev Usuário\\vhdx-shrink.exe", "plain", "", "a\"b", "D:\\dir with space\\", "C:\\x\\\\\"y", "Bob’s VMs", "50%"];
  assert.deepEqual(splitCrtCommandLine(`prog ${args.map(quoteWindowsArg).join(" ")}`).slice(1), args);
  assert.equal(quoteWindowsArg("Ubuntu"), "Ubuntu");
});

test("the task XML runs the exe itself with schedule --run, on battery too, and starts a missed run when the machine is next on", () => {
  const spec = { frequency: "weekly" as const, day: "SUN", time: "03:00", threshold: "40GB", strategy: "native", targets: ["Ubuntu", "D:\\wsl\\My Disk.vhdx"],
    self: ["C:\\Users\\Dev Usuário\\AppData\\Local\\Programs\\vhdx-shrink\\vhdx-shrink.exe"], highest: false };
  const xml = taskXml(spec, new Date(2026, 11, 8, 2, 30), "C:\\Users\\Dev Usuário\\AppData\\Local\\vhdx-shrink");
  const task = parseTaskXml(xml);
  assert.equal(task.command, spec.self[0]);
  assert.deepEqual(splitCrtCommandLine(`x ${task.arguments}`).slice(1),
    ["schedule", "--run", "--threshold", "40GB", "--strategy", "native", "--target", "Ubuntu", "--target", "D:\\wsl\\My Disk.vhdx"]);
  assert.deepEqual([task.schedule, task.day, task.time, task.highest], ["WEEKLY", "SUN", "03:00", false]);
  assert.deepEqual([task.startWhenAvailable, task.disallowStartIfOnBatteries, task.stopIfGoingOnBatteries, task.enabled], [true, false, false, true]);
  assert.match(xml, /<StartBoundary>2026-12-08T03:00:00<\/StartBoundary>/);
  assert.doesNotMatch(xml, /\.cmd/);
  const monthly = parseTaskXml(taskXml({ ...spec, frequency: "monthly", day: "15", time: "12:30", highest: true, strategy: undefined, targets: [] }, new Date(2026, 0, 1), "C:\\x"));
  assert.deepEqual([monthly.schedule, monthly.day, monthly.time, monthly.highest], ["MONTHLY", "15", "12:30", true]);
});

test("a task document without the settings reads as Task Scheduler's defaults: no catch-up, not on battery", () => {
  const t = parseTaskXml("<Task><Actions><Exec><Command>C:\\a.cmd</Command></Exec></Actions></Task>");
  assert.deepEqual([t.command, t.arguments, t.startWhenAvailable, t.disallowStartIfOnBatteries, t.stopIfGoingOnBatteries], ["C:\\a.cmd", "", false, true, true]);
});

test("the XML file is UTF-16LE with a byte-order mark, and schtasks gets /XML with /F", () => {
  const bytes = encodeTaskXml("<Task>é</Task>");
  assert.deepEqual([...bytes.subarray(0, 4)], [0xff, 0xfe, 0x3c, 0x00]);
  assert.equal(new TextDecoder("utf-16le").decode(bytes.subarray(2)), "<Task>é</Task>");
  assert.deepEqual(createTaskArgs("C:\\Users\\A B\\t.xml"), ["/Create", "/TN", "vhdx-shrink", "/XML", "C:\\Users\\A B\\t.xml", "/F"]);
});

test("a scheduled run watches each target and shrinks only the ones watch finds above the threshold", () => {
  assert.deepEqual(scheduledSteps({ threshold: "40GB", strategy: "native", targets: ["Ubuntu", "Debian"] }), [
    { watch: ["watch", "--threshold", "40GB", "--target", "Ubuntu"], shrink: ["--strategy", "native", "--target", "Ubuntu", "--yes"] },
    { watch: ["watch", "--threshold", "40GB", "--target", "Debian"], shrink: ["--strategy", "native", "--target", "Debian", "--yes"] },
  ]);
  assert.deepEqual(scheduledSteps({ threshold: "1GB", targets: [] }), [{ watch: ["watch", "--threshold", "1GB"] }]);
});

test("days and times are checked against the frequency", () => {
  assert.equal(normalizeDay("weekly", undefined), "SUN");
  assert.equal(normalizeDay("weekly", "mon"), "MON");
  assert.equal(normalizeDay("weekly", "15"), null);
  assert.equal(normalizeDay("monthly", "31"), "31");
  assert.equal(normalizeDay("monthly", "32"), null);
  assert.equal(normalizeTime("3:05"), "03:05");
  assert.equal(normalizeTime("25:00"), null);
});
