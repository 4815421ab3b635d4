#!/usr/bin/env node
// Runs the test suite on one runtime: `node scripts/test.mjs node|deno|bun [paths...]`.
// Test files are `*_test.ts` beside the code and under tests/ (tests/windows runs separately).
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

const [runtime = "node", ...paths] = process.argv.slice(2);
const roots = paths.length ? paths : ["mod_test.ts", "core", "plugins", "simulated", "cli", "tests"];
const skip = new Set(["node_modules", "windows", "fixtures"]);

function collect(path, out) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return out;
  if (st.isFile()) return path.endsWith("_test.ts") ? (out.push(path), out) : out;
  for (const name of readdirSync(path).sort()) if (!skip.has(name)) collect(join(path, name), out);
  return out;
}
const files = roots.flatMap((r) => collect(r, []));
if (files.length === 0) {
  console.error("no test files found under " + roots.join(", "));
  process.exit(1);
}
const bin = (name) => join("node_modules", ".bin", name);
const commands = {
  node: [process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", ...files]],
  deno: [bin("deno"), ["test", "-A", "--no-check", "--quiet", ...files]],
  bun: [bin("bun"), ["test", ...files.map((f) => "./" + f)]],
};
const [cmd, args] = commands[runtime] ?? [];
if (!cmd) {
  console.error(`unknown runtime ${runtime}: use node, deno or bun`);
  process.exit(2);
}
console.log(`# ${runtime}: ${files.length} test files`);
// Commands run off Windows keep their size history under XDG_STATE_HOME: the tests' go to a folder of their own, not the user's.
const state = mkdtempSync(join(tmpdir(), "vhdx-shrink-test-state-"));
const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, XDG_STATE_HOME: state } });
rmSync(state, { recursive: true, force: true });
process.exit(r.status ?? 1);
