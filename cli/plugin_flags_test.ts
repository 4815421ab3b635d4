import { test } from "node:test";
import assert from "node:assert/strict";
import { Command } from "commander";
import { z } from "zod";
import { PluginRegistry } from "../core/plugin/registry.ts";
import type { StrategyPlugin } from "../core/plugin/types.ts";
import { addStrategyOptions, collect, kebab, pluginFilesIn, reservedFlags } from "./plugin_flags.ts";

const strategy = (name: string, options: StrategyPlugin["options"]): StrategyPlugin => ({
  name, apiVersion: 1, description: "flags", options,
  metadata: { reliability: "high", dataPreservation: "full", complexity: "low", requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["disk"] } },
  probe: () => Promise.resolve({ available: true }),
  estimate: () => Promise.resolve({ sizeAfter: 0, reclaimable: 0, tempSpace: 0, seconds: 0, exact: true }),
  plan: () => Promise.resolve([]),
  run: () => Promise.resolve({ sizeBefore: 0, sizeAfter: 0, keptFiles: [], notes: [] }),
});

test("--plugin files are found in the raw arguments in every spelling, one file per --plugin", () => {
  assert.deepEqual(pluginFilesIn(["plugins", "--plugin", "a.mjs", "--plugin", "b.mjs", "--json"]), ["a.mjs", "b.mjs"]);
  assert.deepEqual(pluginFilesIn(["analyze", "--plugin", "p.mjs", "disk.vhdx"]), ["p.mjs"]);
  assert.deepEqual(pluginFilesIn(["--plugin=c.mjs", "--strategy", "x", "--", "--plugin", "d.mjs"]), ["c.mjs"]);
  assert.equal(kebab("iUnderstandDataLoss"), "i-understand-data-loss");
});

test("--plugin is repeatable, not variadic: the word after the file stays the command's argument", () => {
  const files: string[][] = [];
  const cmd = new Command("x").exitOverride().option("--plugin <file>", "plugin", collect).argument("[disk]").action((disk, opts) => {
    files.push(opts.plugin, [disk]);
  });
  cmd.parse(["--plugin", "a.mjs", "--plugin", "b.mjs", "disk.vhdx"], { from: "user" });
  assert.deepEqual(files, [["a.mjs", "b.mjs"], ["disk.vhdx"]]);
});

test("the reserved flags are the program's and compare's, long names in both --x and --no-x form, and help", () => {
  const program = new Command("p").option("-y, --yes", "y").option("--no-color", "c");
  program.command("compare").option("-t, --target <t>", "t");
  program.command("watch").option("--threshold <size>", "w");
  const reserved = reservedFlags(program);
  for (const f of ["-y", "--yes", "--no-yes", "--color", "--no-color", "-t", "--target", "-h", "--help"]) assert.ok(reserved.includes(f), f);
  assert.equal(reserved.includes("--threshold"), false, "watch takes no strategy flags");
});

test("help shows each option's default, and marks a required one", () => {
  const registry = new PluginRegistry();
  registry.register(strategy("one", z.object({ passes: z.number().default(2).describe("passes"), mode: z.enum(["a", "b"]).default("a").describe("mode"), dest: z.string().describe("folder") })));
  const cmd = new Command("x");
  addStrategyOptions(cmd, registry);
  assert.deepEqual(cmd.options.map((o) => o.description), ["one: passes (default: 2)", "one: mode (default: a)", "one: folder (required by one)"]);
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
