#!/usr/bin/env node
// `npm run test:windows`: the Wine end-to-end suite (tests/windows/*_test.ts), one file at a time
// (they share one Wine prefix), spec output on the terminal, then one line `N passed, N failed`.
// Exits 1 when a test failed, when no test ran, or when Wine or MinGW is missing (one line saying
// what to install: scripts/check-tools.mjs --windows; the prefix itself is made by
// tests/windows/wine/setup.sh on first use).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const tools = spawnSync(process.execPath, [join(root, "scripts", "check-tools.mjs"), "--windows"], { stdio: "inherit" });
if (tools.status !== 0) process.exit(1);
const files = readdirSync(here).filter((n) => n.endsWith("_test.ts")).sort().map((n) => join("tests", "windows", n));
const tapDir = mkdtempSync(join(tmpdir(), "vhdx-shrink-wine-tap-"));
const tap = join(tapDir, "report.tap");
const started = Date.now();
const r = spawnSync(process.execPath, [
  "--import", "tsx", "--test", "--test-concurrency=1",
  "--test-reporter=spec", "--test-reporter-destination=stdout",
  "--test-reporter=tap", `--test-reporter-destination=${tap}`,
  ...files,
], { cwd: root, stdio: "inherit" });
const report = readFileSync(tap, "utf8");
rmSync(tapDir, { recursive: true, force: true });
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, "m").exec(report)?.[1] ?? 0);
const [passed, failed, todo] = [count("pass"), count("fail"), count("todo")];
const minutes = ((Date.now() - started) / 60000).toFixed(1);
console.log(`${passed} passed, ${failed} failed${todo ? ` (${todo} todo: known Wine gaps)` : ""} in ${minutes} min`);
if (passed + failed === 0) console.log("no Windows test ran: see the output above");
process.exit(failed > 0 || passed === 0 || r.status !== 0 ? 1 : 0);
