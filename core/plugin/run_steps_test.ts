// The runner as a plugin author meets it: steps run in order, exactly as planned; Ctrl-C between
// steps and inside one is reported with the step; failure handlers and end-of-run work always run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createPluginContext, definePlugin, detectHost, InterruptedError, RefusedError, runStrategy } from "../../mod.ts";
import type { PluginMetadata, Step, StrategyPlugin, Target } from "../../mod.ts";
import { withTempDir } from "../../tests/support/tools.ts";
import { runSteps } from "./run_steps.ts";

const host = detectHost();
const silent = { info() {}, warn() {}, debug() {} };
const metadata: PluginMetadata = {
  reliability: "high", dataPreservation: "full", complexity: "low",
  requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["disk"] },
};
const context = (signal?: AbortSignal) => createPluginContext({ host, log: silent, signal, analyzePath: () => Promise.reject(new Error("not needed")) });

function stepsPlugin(steps: () => Step[]): StrategyPlugin {
  return definePlugin({
    name: "steps", apiVersion: 1, description: "runs its steps", metadata,
    probe: () => Promise.resolve({ available: true }),
    estimate: () => Promise.resolve({ sizeAfter: 0, reclaimable: 1, tempSpace: 0, seconds: 1, exact: true }),
    plan: () => Promise.resolve(steps()),
  });
}

async function withDisk(fn: (target: Target, path: string) => Promise<void>): Promise<void> {
  await withTempDir(async (dir) => {
    const path = join(dir, "d.vhdx");
    await writeFile(path, "0123456789");
    await fn({ kind: "disk", name: "d.vhdx", path, owner: "file" }, path);
  });
}

test("the steps run in the planned order, and the outcome lists them as the dry run showed them", async () => {
  await withDisk(async (target, path) => {
    const ran: string[] = [];
    const plugin = stepsPlugin(() => [
      { description: "first", changes: false, run: () => Promise.resolve(void ran.push("first")) },
      { description: "only informs", changes: false },
      {
        description: "shrink", command: "shrink d.vhdx", changes: true,
        async run(step) {
          ran.push("shrink");
          await writeFile(path, "01234");
          step.note("halved");
        },
      },
    ]);
    const dry = await runStrategy(context(), plugin, target, { dryRun: true });
    const real = await runStrategy(context(), plugin, target, { yes: true });
    assert.equal(real.dryRun, false);
    if (real.dryRun) return;
    assert.deepEqual(ran, ["first", "shrink"]);
    assert.deepEqual(real.steps.map((s) => [s.description, s.command]), dry.preparation.plan.map((s) => [s.description, s.command]));
    assert.deepEqual(real.report, { sizeBefore: 10, sizeAfter: 5, keptFiles: [], notes: ["halved"] });
  });
});

test("Ctrl-C between steps stops before the next one, and the report names the last step that finished", async () => {
  await withDisk(async (target) => {
    const controller = new AbortController();
    let reached = false;
    const plugin = stepsPlugin(() => [
      { description: "stop the VM", changes: true, leaves: "the disk is unchanged", run: () => Promise.resolve(controller.abort()) },
      { description: "rewrite the disk", changes: true, run: () => Promise.resolve(void (reached = true)) },
    ]);
    await assert.rejects(runStrategy(context(controller.signal), plugin, target, { yes: true }), (e: Error) => {
      assert.ok(e instanceof InterruptedError);
      assert.match(e.message, /^interrupted: stopped after step 1 of 2 \(stop the VM\); the disk is unchanged$/);
      return true;
    });
    assert.equal(reached, false);
  });
});

test("a step interrupted inside is named, its failure handler runs, and end-of-run work runs after a failure too", async () => {
  await withDisk(async (target) => {
    const controller = new AbortController();
    const events: string[] = [];
    const plugin = stepsPlugin(() => [
      { description: "stop Docker Desktop", changes: true, run: (step) => Promise.resolve(step.atEnd(() => Promise.resolve(void events.push("restart Docker Desktop")))) },
      {
        description: "attach and compact", changes: true,
        run() {
          controller.abort();
          return Promise.reject(new Error("the tool was killed"));
        },
        onFailure: (_step, error) => Promise.resolve(void events.push(`detach after: ${(error as Error).message}`)),
      },
    ]);
    await assert.rejects(runStrategy(context(controller.signal), plugin, target, { yes: true }), (e: Error) => {
      assert.ok(e instanceof InterruptedError);
      assert.match(e.message, /the tool was killed \[stopped in step 2 of 2 \(attach and compact\)\]$/);
      return true;
    });
    assert.deepEqual(events, ["detach after: the tool was killed", "restart Docker Desktop"]);
  });
});

test("a disk that vanished before the first step refuses with nothing run", async () => {
  await withDisk(async (target, path) => {
    let ran = false;
    const plugin = stepsPlugin(() => [{ description: "change it", changes: true, run: () => Promise.resolve(void (ran = true)) }]);
    await rm(path);
    await assert.rejects(runSteps(context(), target, await plugin.plan(context(), target), { progress: { phase() {}, update() {}, note() {} }, measure: "length" }), (e: Error) => e instanceof RefusedError && /does not exist; nothing was changed/.test(e.message));
    assert.equal(ran, false);
  });
});

test("a plugin of the older contract (plan lines without run, and run()) still runs, as one step", async () => {
  await withDisk(async (target) => {
    let runs = 0;
    const plugin = definePlugin({
      name: "older", apiVersion: 1, description: "run() does the work", metadata,
      probe: () => Promise.resolve({ available: true }),
      estimate: () => Promise.resolve({ sizeAfter: 0, reclaimable: 1, tempSpace: 0, seconds: 1, exact: true }),
      plan: () => Promise.resolve([{ description: "everything", changes: true }]),
      run: () => Promise.resolve(void runs++).then(() => ({ sizeBefore: 2, sizeAfter: 1, keptFiles: [], notes: ["old"] })),
    });
    const outcome = await runStrategy(context(), plugin, target, { yes: true });
    assert.equal(runs, 1);
    assert.equal(outcome.dryRun ? null : outcome.report.notes[0], "old");
  });
});
