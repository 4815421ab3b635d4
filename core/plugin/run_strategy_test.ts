// A library user's view of the run policy: everything imported from mod.ts, as a user would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createPluginContext, definePlugin, detectHost, InterruptedError, recommend, RefusedError, runStrategy } from "../../mod.ts";
import type { PluginMetadata, StrategyPlugin, StrategyRow, Target } from "../../mod.ts";
import { withTempDir } from "../../tests/support/tools.ts";

const host = detectHost();
const silent = { info() {}, warn() {}, debug() {} };
const context = (signal?: AbortSignal) => createPluginContext({ host, log: silent, signal, analyzePath: () => Promise.reject(new Error("not needed")) });
const metadata = (dataPreservation: "full" | "none"): PluginMetadata => ({
  reliability: "high", dataPreservation, complexity: "low",
  requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["disk"] },
});

/** A strategy that records whether its run was reached. */
function recorder(dataPreservation: "full" | "none", run?: () => Promise<void>): StrategyPlugin & { ran: number } {
  const plugin = definePlugin({
    name: dataPreservation === "none" ? "deleter" : "keeper", apiVersion: 1, description: "records runs", metadata: metadata(dataPreservation),
    probe: () => Promise.resolve({ available: true }),
    estimate: () => Promise.resolve({ sizeAfter: 0, reclaimable: 1, tempSpace: 0, seconds: 1, exact: true }),
    plan: () => Promise.resolve([{ description: "delete", changes: true }]),
    async run() {
      plugin.ran++;
      await run?.();
      return { sizeBefore: 1, sizeAfter: 0, keptFiles: [], notes: [] };
    },
  }) as StrategyPlugin & { ran: number };
  plugin.ran = 0;
  return plugin;
}

async function withDisk(fn: (target: Target) => Promise<void>): Promise<void> {
  await withTempDir(async (dir) => {
    const path = join(dir, "d.vhdx");
    await writeFile(path, "x");
    await fn({ kind: "disk", name: "d.vhdx", path, owner: "file" });
  });
}

test("a data-losing strategy is refused without its confirmation, even with yes, and never runs", async () => {
  await withDisk(async (target) => {
    const plugin = recorder("none");
    await assert.rejects(runStrategy(context(), plugin, target), /add --yes/);
    await assert.rejects(runStrategy(context(), plugin, target, { yes: true }), (e: Error) => e instanceof RefusedError && /deletes d\.vhdx and all its data.*nothing was changed/.test(e.message));
    await assert.rejects(runStrategy(context(), plugin, target, { yes: true }, { ask: () => Promise.resolve("other") }), /"other" is not d\.vhdx/);
    assert.equal(plugin.ran, 0);
  });
});

test("a data-losing strategy runs once its name is typed, or with iUnderstandDataLoss", async () => {
  await withDisk(async (target) => {
    const plugin = recorder("none");
    const typed = await runStrategy(context(), plugin, target, { yes: true }, { ask: () => Promise.resolve("d.vhdx") });
    assert.equal(typed.dryRun, false);
    await runStrategy(context(), plugin, target, { yes: true, iUnderstandDataLoss: true });
    assert.equal(plugin.ran, 2);
  });
});

test("a run needs yes or a question answered yes, and a dry run only reports", async () => {
  await withDisk(async (target) => {
    const plugin = recorder("full");
    await assert.rejects(runStrategy(context(), plugin, target, {}, { confirm: () => Promise.resolve(false) }), /cancelled: nothing was changed/);
    const dry = await runStrategy(context(), plugin, target, { dryRun: true });
    assert.equal(dry.dryRun, true);
    assert.deepEqual(dry.preparation.plan, [{ description: "delete", changes: true }]);
    assert.equal(plugin.ran, 0);
    const done = await runStrategy(context(), plugin, target, {}, { confirm: () => Promise.resolve(true) });
    assert.equal(!done.dryRun && done.report.sizeAfter, 0);
  });
});

test("a failed pre-flight check refuses the run and a dry run names the refusal", async () => {
  const plugin = recorder("full");
  const missing: Target = { kind: "disk", name: "gone.vhdx", path: join(host.configDir(), "no-such-dir", "gone.vhdx"), owner: "file" };
  await assert.rejects(runStrategy(context(), plugin, missing, { yes: true }), /cannot run keeper: disk file exists/);
  const dry = await runStrategy(context(), plugin, missing, { dryRun: true });
  assert.match(dry.preparation.refusal ?? "", /disk file exists/);
  assert.equal(plugin.ran, 0);
});

test("a failure after Ctrl-C is reported as an interruption", async () => {
  await withDisk(async (target) => {
    const controller = new AbortController();
    const plugin = recorder("full", () => {
      controller.abort();
      return Promise.reject(new Error("wsl.exe was killed"));
    });
    await assert.rejects(runStrategy(context(controller.signal), plugin, target, { yes: true }), (e: Error) => e instanceof InterruptedError && /interrupted: wsl\.exe was killed/.test(e.message));
  });
});

test("the recommendation never names a data-losing strategy, however much it reclaims", () => {
  const row = (name: string, dataPreservation: "full" | "none", reclaimable: number): StrategyRow => ({
    name, available: true, dataPreservation, reliability: "high", complexity: "low", admin: false, hyperV: false,
    estimate: { sizeAfter: 0, reclaimable, tempSpace: 0, seconds: 1, exact: true }, options: [],
  });
  assert.equal(recommend([row("deleter", "none", 100), row("keeper", "full", 10)])?.name, "keeper");
  assert.equal(recommend([row("deleter", "none", 100)]), null);
});
