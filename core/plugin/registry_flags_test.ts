import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { PluginRegistry } from "./registry.ts";
import { InvalidPluginError } from "./validate_plugin.ts";

const strategy = (name: string, options?: z.ZodObject) => ({
  name, apiVersion: 1, description: "declares options", ...(options ? { options } : {}),
  metadata: { reliability: "high", dataPreservation: "full", complexity: "low", requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["disk"] } },
  probe: async () => ({ available: true }),
  estimate: async () => ({ sizeAfter: 0, reclaimable: 0, tempSpace: 0, seconds: 0, exact: true }),
  plan: async () => [],
  run: async () => ({ sizeBefore: 0, sizeAfter: 0, keptFiles: [], notes: [] }),
});

const reserved = { reservedFlags: ["--yes", "-y", "--no-yes", "--target", "--no-target", "-t", "--color", "--no-color"] };

test("an option whose flag the program uses is refused naming the option and the flag", () => {
  const r = new PluginRegistry(reserved);
  assert.throws(() => r.register(strategy("aa", z.object({ target: z.string().optional() })), "a.mjs"), (e: Error) =>
    e instanceof InvalidPluginError && e.message === 'plugin "aa" from a.mjs: option target would be --target, which vhdx-shrink already uses: rename the option');
  assert.throws(() => r.register(strategy("bb", z.object({ tries: z.number().default(1).meta({ short: "t" }) })), "b.mjs"), /option tries would be -t, .* or change its short letter$/);
  assert.throws(() => r.register(strategy("cc", z.object({ color: z.boolean().default(true) })), "c.mjs"), /option color would be --no-color/);
  assert.deepEqual(r.names(), [], "nothing was registered");
});

test("options on free flags register, and two strategies declaring the same option share its flag", () => {
  const r = new PluginRegistry(reserved);
  r.register(strategy("one", z.object({ output: z.string().optional().meta({ short: "o" }) })));
  r.register(strategy("two", z.object({ output: z.string().optional().meta({ short: "o" }) })));
  r.register(strategy("three"));
  assert.deepEqual(r.names(), ["one", "two", "three"]);
});

test("a different option on a flag another strategy's option takes is refused naming both", () => {
  const r = new PluginRegistry();
  r.register(strategy("one", z.object({ output: z.string().optional().meta({ short: "o" }) })));
  assert.throws(() => r.register(strategy("two", z.object({ overwrite: z.boolean().default(false).meta({ short: "o" }) })), "two.mjs"),
    /^InvalidPluginError: plugin "two" from two\.mjs: option overwrite would be -o, which is option output of one: rename the option or change its short letter$/);
});
