import { test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { PluginRegistry } from "./registry.ts";
import { loadPluginFile } from "./load_plugin_file.ts";
import { InvalidPluginError, validatePlugin } from "./validate_plugin.ts";

const examples = resolve(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "../../examples");

const valid = () => ({
  name: "fake",
  apiVersion: 1,
  description: "a test strategy",
  metadata: {
    reliability: "medium",
    dataPreservation: "full",
    complexity: "low",
    requirements: { admin: false, hyperV: false, windows: true, wslVersion: "2.0.0", tempSpace: "none", targetKinds: ["disk"] },
  },
  probe: async () => ({ available: true }),
  estimate: async () => ({ sizeAfter: 0, reclaimable: 0, tempSpace: 0, seconds: 0, exact: false }),
  plan: async () => [],
  run: async () => ({ sizeBefore: 0, sizeAfter: 0, keptFiles: [], notes: [] }),
});

test("a valid plugin registers and is found by name", () => {
  const r = new PluginRegistry();
  r.register(valid());
  assert.equal(r.get("fake").description, "a test strategy");
  assert.deepEqual(r.names(), ["fake"]);
});

test("an invalid metadata field is named in the error", () => {
  const p = valid();
  (p.metadata as Record<string, unknown>).complexity = "trivial";
  assert.throws(() => validatePlugin(p, "test.mjs"), (e: Error) => e instanceof InvalidPluginError && /field metadata\.complexity/.test(e.message));
});

test("a missing plan function is refused; run is optional (the plan's steps carry the work)", () => {
  const p: Record<string, unknown> = valid();
  delete p.plan;
  assert.throws(() => validatePlugin(p, "x"), /field plan/);
  const stepsOnly: Record<string, unknown> = valid();
  delete stepsOnly.run;
  assert.doesNotThrow(() => validatePlugin(stepsOnly, "x"));
  assert.throws(() => validatePlugin({ ...valid(), run: "not a function" }, "x"), /field run/);
});

test("a wrong api version is refused", () => {
  assert.throws(() => validatePlugin({ ...valid(), apiVersion: 99 }, "x"), /field apiVersion/);
});

test("two plugins with one name clash", () => {
  const r = new PluginRegistry();
  r.register(valid());
  assert.throws(() => r.register(valid(), "other.mjs"), /clashes/);
});

test("an unknown strategy name is a usage error listing the known ones", () => {
  const r = new PluginRegistry();
  r.register(valid());
  assert.throws(() => r.get("nope"), (e: Error & { exitCode?: number }) => e.exitCode === 2 && /known strategies are fake/.test(e.message));
});

test("the example third-party plugin file loads by path", async () => {
  const r = new PluginRegistry();
  const p = await loadPluginFile(r, resolve(examples, "noop-strategy.mjs"));
  assert.equal(p.name, "report-only");
  assert.equal(r.list()[0].builtIn, false);
  assert.deepEqual(await p.probe({} as never), { available: true });
});

test("the malformed example plugin is refused with the bad field named", async () => {
  await assert.rejects(loadPluginFile(new PluginRegistry(), resolve(examples, "broken-strategy.mjs")),
    /invalid plugin "broken" from .*broken-strategy\.mjs: field metadata\.reliability/);
});

test("a plugin file that does not exist gives a one-line error", async () => {
  await assert.rejects(loadPluginFile(new PluginRegistry(), resolve(examples, "missing.mjs")), (e: Error) => /cannot load plugin/.test(e.message) && !e.message.includes("\n"));
});
