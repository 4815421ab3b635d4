import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { PosixHost } from "../host/posix_host.ts";
import { contextFor, createPluginContext } from "./context.ts";
import { definePlugin } from "./define_plugin.ts";
import { describeOptions, optionFlags, parsePluginOptions } from "./plugin_options.ts";
import type { StrategyPlugin } from "./types.ts";
import { UsageError } from "../errors.ts";

const seen: unknown[] = [];
const plugin = definePlugin({
  name: "opts", apiVersion: 1, description: "declares options",
  metadata: { reliability: "high", dataPreservation: "full", complexity: "low", requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["disk"] } },
  options: z.object({
    output: z.string().optional().describe("where to write").meta({ short: "o", value: "file" }),
    scrub: z.boolean().default(true).describe("zero free blocks"),
    level: z.number().int().min(1).default(3).describe("effort"),
    mode: z.enum(["fast", "slow"]).default("fast").describe("how"),
  }),
  probe(ctx) {
    // Typed: `level` is a number here; `yes` is the run's, in ctx.run.
    const level: number = ctx.options.level;
    const yes: boolean | undefined = ctx.run.yes;
    // @ts-expect-error: ctx.options holds only this strategy's options
    const mixedIn: unknown = ctx.options.yes;
    seen.push({ level, scrub: ctx.options.scrub, yes, mixedIn, keys: Object.keys(ctx.options).sort() });
    return Promise.resolve({ available: true });
  },
  estimate: () => Promise.resolve({ sizeAfter: 0, reclaimable: 0, tempSpace: 0, seconds: 0, exact: true }),
  plan: () => Promise.resolve([]),
  run: () => Promise.resolve({ sizeBefore: 0, sizeAfter: 0, keptFiles: [], notes: [] }),
});

test("a strategy's declared options are described with type, default, help and flag hints", () => {
  assert.deepEqual(describeOptions(plugin as StrategyPlugin), [
    { name: "output", type: "string", description: "where to write", short: "o", value: "file" },
    { name: "scrub", type: "boolean", default: true, description: "zero free blocks" },
    { name: "level", type: "number", default: 3, description: "effort" },
    { name: "mode", type: "enum", choices: ["fast", "slow"], default: "fast", description: "how" },
  ]);
});

test("a strategy's options hold only its own fields with defaults applied; the run's settings are in ctx.run", async () => {
  const ctx = createPluginContext({ host: new PosixHost(), log: { info() {}, warn() {}, debug() {} }, options: { yes: true, dryRun: false, level: 5, other: "x" }, analyzePath: () => Promise.reject(new Error("unused")) });
  seen.length = 0;
  await plugin.probe(contextFor(ctx, plugin));
  assert.deepEqual(seen, [{ level: 5, scrub: true, yes: true, mixedIn: undefined, keys: ["level", "mode", "scrub"] }]);
  assert.deepEqual({ ...ctx.run }, { yes: true, dryRun: false });
});

test("a strategy without a schema gets no options, whatever the caller passed", () => {
  const { options: _ignored, ...bare } = plugin;
  assert.deepEqual(parsePluginOptions(bare as StrategyPlugin, { level: 5, yes: true }), {});
});

test("a value that does not fit the schema is a usage error naming the flag and the strategy", () => {
  assert.throws(() => parsePluginOptions(plugin as StrategyPlugin, { level: 0 }), (e: Error) => e instanceof UsageError && /^--level of opts: /.test(e.message));
  assert.throws(() => parsePluginOptions(plugin as StrategyPlugin, { mode: "medium" }), /: --mode of opts: /);
});

const needsDest = definePlugin({
  name: "needs-dest", apiVersion: 1, description: "needs a folder", metadata: plugin.metadata,
  options: z.object({ exportDir: z.string().describe("folder for the export").meta({ value: "dir" }), verbose: z.boolean().optional() }),
  probe: () => Promise.resolve({ available: true }),
  estimate: () => Promise.resolve({ sizeAfter: 0, reclaimable: 0, tempSpace: 0, seconds: 0, exact: true }),
  plan: () => Promise.resolve([]),
  run: () => Promise.resolve({ sizeBefore: 0, sizeAfter: 0, keptFiles: [], notes: [] }),
});

test("a required option (no default) is described as required, and its absence names the flag, not the field", () => {
  assert.deepEqual(describeOptions(needsDest as StrategyPlugin)[0], { name: "exportDir", type: "string", description: "folder for the export", value: "dir", required: true });
  assert.equal(describeOptions(needsDest as StrategyPlugin)[1].required, undefined);
  assert.throws(() => parsePluginOptions(needsDest as StrategyPlugin, {}), (e: Error) => e instanceof UsageError && e.message === "needs-dest needs --export-dir <dir> (folder for the export)");
  assert.deepEqual(parsePluginOptions(needsDest as StrategyPlugin, { exportDir: "D:\\exports" }), { exportDir: "D:\\exports" });
});

test("each option's flags are the kebab-case long name (--no-… for a boolean on by default) and the short one", () => {
  assert.deepEqual(optionFlags(plugin as StrategyPlugin), [
    { option: "output", flags: ["--output", "-o"] },
    { option: "scrub", flags: ["--no-scrub"] },
    { option: "level", flags: ["--level"] },
    { option: "mode", flags: ["--mode"] },
  ]);
});
