import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { runCli } from "../support/cli.ts";
import { VERSION } from "../../core/version.ts";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));

test("the version constant equals package.json's version", () => {
  assert.equal(VERSION, pkg.version);
});

test("--version prints the version and exits 0", async () => {
  const r = await runCli(["--version"]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), pkg.version);
});

test("--help lists commands and shows examples", async () => {
  const r = await runCli(["--help"]);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Usage: vhdx-shrink/);
  assert.match(r.stdout, /plugins/);
  assert.match(r.stdout, /Examples:/);
});

test("plugins --json is one JSON document with every plugin's metadata", async () => {
  const r = await runCli(["plugins", "--json"]);
  assert.equal(r.code, 0);
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(doc.plugins.map((p: { name: string }) => p.name).sort(), ["diskpart", "export-import", "native", "optimize-vhd", "sparse", "unregister-only", "wsl-compact"]);
  for (const p of doc.plugins) {
    assert.match(p.name, /^[a-z][a-z0-9-]+$/);
    assert.ok(["high", "medium", "low"].includes(p.reliability));
    assert.ok(Array.isArray(p.requirements.targetKinds));
  }
});

test("a third-party plugin given with --plugin appears in the table", async () => {
  const r = await runCli(["plugins", "--plugin", "examples/noop-strategy.mjs"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /report-only/);
});

test("a malformed plugin file is refused with one line and exit code 1", async () => {
  const r = await runCli(["plugins", "--plugin", "examples/broken-strategy.mjs"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: invalid plugin "broken" .* field metadata\.reliability/);
  assert.equal(r.stderr.trim().split("\n").length, 1);
});

test("an unknown command is a usage error with exit code 2", async () => {
  const r = await runCli(["frobnicate"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command/);
});

test("deno.json's import map names the same dependency versions as package.json", () => {
  const deno = JSON.parse(readFileSync(new URL("../../deno.json", import.meta.url), "utf8"));
  for (const [name, range] of Object.entries(pkg.dependencies as Record<string, string>)) {
    assert.equal(deno.imports[name], `npm:${name}@${range}`, name);
  }
  for (const spec of Object.values(deno.imports as Record<string, string>)) assert.doesNotMatch(spec, /^jsr:/);
});
