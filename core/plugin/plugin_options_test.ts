import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { PosixHost } from "../host/posix_host.ts";
import { contextFor, createPluginContext } from "./context.ts";
import { definePlugin } from "./define_plugin.ts";
import { describeOptions, parsePluginOptions } from "./plugin_options.ts";
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
    // Typed: `level` is a number here, `yes` a run option.
    const level: number = ctx.options.level;
    seen.push({ level, scrub: ctx.options.scrub, yes: ctx.options.yes, other: (ctx.options as Record<string, unknown>).other });
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

test("a strategy sees its own options with defaults applied and the run's options, not other strategies'", async () => {
  const ctx = createPluginContext({ host: new PosixHost(), log: { info() {}, warn() {}, debug() {} }, options: { yes: true, level: 5, other: "x" }, analyzePath: () => Promise.reject(new Error("unused")) });
  seen.length = 0;
  await plugin.probe(contextFor(ctx, plugin));
  assert.deepEqual(seen, [{ level: 5, scrub: true, yes: true, other: undefined }]);
});

test("a value that does not fit the schema is a usage error naming the option and the strategy", () => {
  assert.throws(() => parsePluginOptions(plugin as StrategyPlugin, { level: 0 }), (e: Error) => e instanceof UsageError && /option level of opts:/.test(e.message));
  assert.throws(() => parsePluginOptions(plugin as StrategyPlugin, { mode: "medium" }), /option mode of opts/);
});
