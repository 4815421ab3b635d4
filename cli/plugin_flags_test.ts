import { test } from "node:test";
import assert from "node:assert/strict";
import { Command } from "commander";
import { z } from "zod";
import { PluginRegistry } from "../core/plugin/registry.ts";
import type { StrategyPlugin } from "../core/plugin/types.ts";
import { addStrategyOptions, kebab, pluginFilesIn } from "./plugin_flags.ts";

const strategy = (name: string, options: StrategyPlugin["options"]): StrategyPlugin => ({
  name, apiVersion: 1, description: "flags", options,
  metadata: { reliability: "high", dataPreservation: "full", complexity: "low", requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["disk"] } },
  probe: () => Promise.resolve({ available: true }),
  estimate: () => Promise.resolve({ sizeAfter: 0, reclaimable: 0, tempSpace: 0, seconds: 0, exact: true }),
  plan: () => Promise.resolve([]),
  run: () => Promise.resolve({ sizeBefore: 0, sizeAfter: 0, keptFiles: [], notes: [] }),
});

test("--plugin files are found in the raw arguments in every spelling", () => {
  assert.deepEqual(pluginFilesIn(["plugins", "--plugin", "a.mjs", "b.mjs", "--json"]), ["a.mjs", "b.mjs"]);
  assert.deepEqual(pluginFilesIn(["--plugin=c.mjs", "--strategy", "x", "--", "--plugin", "d.mjs"]), ["c.mjs"]);
  assert.equal(kebab("iUnderstandDataLoss"), "i-understand-data-loss");
});

test("every declared option becomes one flag, shared by the strategies declaring it, and parses to its type", () => {
  const registry = new PluginRegistry();
  registry.register(strategy("one", z.object({ output: z.string().optional().describe("new file").meta({ short: "o" }), scrub: z.boolean().default(true).describe("zero free blocks") })));
  registry.register(strategy("two", z.object({ output: z.string().optional().describe("copy here"), passes: z.number().default(1).describe("passes") })));
  const cmd = new Command("x").exitOverride().option("-y, --yes", "confirm");
  addStrategyOptions(cmd, registry);
  assert.deepEqual(cmd.options.map((o) => o.flags), ["-y, --yes", "-o, --output <value>", "--no-scrub", "--passes <n>"]);
  assert.match(cmd.options[1].description, /^one, two: new file$/);
  cmd.parse(["-o", "f.vhdx", "--no-scrub", "--passes", "3"], { from: "user" });
  assert.deepEqual(cmd.opts(), { output: "f.vhdx", scrub: false, passes: 3 });
});
