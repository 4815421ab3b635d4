import { test } from "node:test";
import assert from "node:assert/strict";
import { parseDockerSize, parseReclaimed, parseSystemDf } from "./docker_output.ts";
import { parseWslConfig } from "./wslconfig.ts";
import { cmdQuote, createTaskArgs, normalizeDay, normalizeTime, scheduleScript } from "./schedule_task.ts";
import { parseTaskList } from "./schedule.ts";

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

test("cmd quoting wraps spaces and doubles percent signs", () => {
  assert.equal(cmdQuote("Ubuntu"), "Ubuntu");
  assert.equal(cmdQuote("C:\\Users\\John Doe\\x.exe"), "\"C:\\Users\\John Doe\\x.exe\"");
  assert.equal(cmdQuote("50%"), "\"50%%\"");
  assert.throws(() => cmdQuote("a\"b"));
});

test("the wrapper runs the strategy only when watch exits 3, once per target", () => {
  const text = scheduleScript({
    frequency: "weekly", day: "SUN", time: "03:00", threshold: "40GB", strategy: "native", targets: ["Ubuntu", "docker_data.vhdx"],
    self: ["C:\\Program Files\\vhdx-shrink\\vhdx-shrink.exe"], logPath: "C:\\Users\\me\\AppData\\Local\\vhdx-shrink\\scheduled-shrink.log", highest: false,
  });
  const lines = text.split("\r\n");
  assert.equal(lines[0], "@echo off");
  assert.ok(lines.includes(`"C:\\Program Files\\vhdx-shrink\\vhdx-shrink.exe" watch --threshold 40GB --target Ubuntu >> C:\\Users\\me\\AppData\\Local\\vhdx-shrink\\scheduled-shrink.log 2>&1`));
  assert.equal(lines.filter((l) => l.startsWith("if %ERRORLEVEL% EQU 3 ")).length, 2);
  assert.ok(lines.some((l) => l.includes("--strategy native --target docker_data.vhdx --yes")));
});

test("schtasks /Create arguments carry the quoted wrapper, the schedule and /RL HIGHEST only for admin strategies", () => {
  const args = createTaskArgs({ frequency: "monthly", day: "15", time: "12:30", highest: true }, "C:\\Users\\A B\\s.cmd");
  assert.deepEqual(args, ["/Create", "/TN", "vhdx-shrink", "/TR", "\"C:\\Users\\A B\\s.cmd\"", "/SC", "MONTHLY", "/D", "15", "/ST", "12:30", "/RL", "HIGHEST", "/F"]);
  assert.ok(!createTaskArgs({ frequency: "weekly", day: "SUN", time: "03:00", highest: false }, "C:\\s.cmd").includes("/RL"));
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

test("schtasks LIST output keeps values that contain colons", () => {
  const f = parseTaskList("\nFolder: \\\nHostName:                             PC\nTaskName:                             \\vhdx-shrink\nNext Run Time:                        11/29/2026 3:00:00 AM\nTask To Run:                          \"C:\\x.cmd\"\n");
  assert.equal(f.TaskName, "\\vhdx-shrink");
  assert.equal(f["Next Run Time"], "11/29/2026 3:00:00 AM");
  assert.equal(f["Task To Run"], "\"C:\\x.cmd\"");
});
