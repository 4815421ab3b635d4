// The same CLI source runs on Node (through tsx and the npm bin), Deno and Bun.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const bin = (name: string) => join(root, "node_modules", ".bin", name);

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("the npm bin runs the CLI on Node", () => {
  const r = run(process.execPath, ["bin/vhdx-shrink.mjs", "--version"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), pkg.version);
});

test("Deno runs the CLI from source", () => {
  const r = run(bin("deno"), ["run", "-A", "cli/main.ts", "plugins", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).plugins.map((p: { name: string }) => p.name).sort(), ["diskpart", "export-import", "native", "optimize-vhd", "sparse", "unregister-only", "wsl-compact"]);
});

test("deno task cli runs the CLI (the deno.json tasks mirror the npm scripts)", () => {
  const r = run(bin("deno"), ["task", "--quiet", "cli", "--version"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), pkg.version);
});

test("Bun runs the CLI from source", () => {
  const r = run(bin("bun"), ["cli/main.ts", "--version"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), pkg.version);
});

test("Deno reports a usage error with exit code 2", () => {
  const r = run(bin("deno"), ["run", "-A", "cli/main.ts", "--no-such-option"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown option/);
});
