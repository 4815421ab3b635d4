#!/usr/bin/env node
// `npm run test:windows`: the Wine end-to-end suite (tests/windows/*_test.ts), then one line
// `N passed, N failed`. Test files are independent: they run on WORKERS workers at once (default 2,
// `--workers N` or VHDX_SHRINK_WINE_WORKERS), each with its own Wine prefix and build cache
// (`<cache>/worker-<i>`, support/prefix.ts and support/binaries.ts; `<cache>` is VHDX_SHRINK_WINE_CACHE
// or node_modules/.cache/vhdx-shrink-windows), one `node --test` per file, longest files first. A
// file's spec output is printed when it ends. Arguments name test files to run instead of all.
// Exits 1 when a test failed, when no test ran, or when Wine or MinGW is missing (one line saying
// what to install: scripts/check-tools.mjs --windows; each prefix is made by tests/windows/wine/setup.sh
// on first use).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const args = process.argv.slice(2);
const workersAt = args.indexOf("--workers");
const workers = Math.max(1, Number(workersAt >= 0 ? args.splice(workersAt, 2)[1] : process.env.VHDX_SHRINK_WINE_WORKERS ?? 2) || 1);
const tools = spawnSync(process.execPath, [join(root, "scripts", "check-tools.mjs"), "--windows"], { stdio: "inherit" });
if (tools.status !== 0) process.exit(1);

/** Files that take longest go first, so the workers finish together: the profile matrix, then by size. */
const FIRST = ["profiles_test.ts", "failures_test.ts", "strategies_test.ts"];
const weight = (f) => (FIRST.includes(basename(f)) ? 1e9 - FIRST.indexOf(basename(f)) : statSync(join(root, f)).size);
const files = (args.length ? args.map((a) => relative(root, resolve(a))) : readdirSync(here).filter((n) => n.endsWith("_test.ts")).map((n) => join("tests", "windows", n)))
  .sort((a, b) => weight(b) - weight(a));
const cacheRoot = process.env.VHDX_SHRINK_WINE_CACHE || join(root, "node_modules", ".cache", "vhdx-shrink-windows");
const tapDir = mkdtempSync(join(tmpdir(), "vhdx-shrink-wine-tap-"));
const started = Date.now();
let statusFailed = false;

/** Runs one test file on worker `w`; resolves with its TAP report. */
function runFile(file, w) {
  const cache = join(cacheRoot, `worker-${w}`);
  mkdirSync(cache, { recursive: true });
  const tap = join(tapDir, `${basename(file)}.tap`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [
      "--import", "tsx", "--test", "--test-concurrency=1",
      "--test-reporter=spec", "--test-reporter-destination=stdout",
      "--test-reporter=tap", `--test-reporter-destination=${tap}`,
      file,
    ], { cwd: root, env: { ...process.env, VHDX_SHRINK_WINE_CACHE: cache }, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    child.stdout.on("data", (c) => out.push(c));
    child.stderr.on("data", (c) => out.push(c));
    const fileStarted = Date.now();
    child.on("close", (code) => {
      if (code !== 0) statusFailed = true;
      process.stdout.write(`\n# ${file} (worker ${w}, ${((Date.now() - fileStarted) / 1000).toFixed(0)} s)\n${Buffer.concat(out).toString("utf8")}`);
      let report = "";
      try {
        report = readFileSync(tap, "utf8");
      } catch {
        statusFailed = true;
      }
      resolve(report);
    });
  });
}

const queue = [...files];
const reports = [];
await Promise.all(Array.from({ length: Math.min(workers, files.length) }, async (_, w) => {
  for (let file = queue.shift(); file; file = queue.shift()) reports.push(await runFile(file, w));
}));
rmSync(tapDir, { recursive: true, force: true });
const count = (name) => reports.reduce((n, report) => n + Number(new RegExp(`^# ${name} (\\d+)$`, "m").exec(report)?.[1] ?? 0), 0);
const [passed, failed, todo] = [count("pass"), count("fail"), count("todo")];
const minutes = ((Date.now() - started) / 60000).toFixed(1);
console.log(`${passed} passed, ${failed} failed${todo ? ` (${todo} todo: known Wine gaps)` : ""} in ${minutes} min on ${workers} worker${workers === 1 ? "" : "s"}`);
if (passed + failed === 0) console.log("no Windows test ran: see the output above");
process.exit(failed > 0 || passed === 0 || statusFailed ? 1 : 0);
