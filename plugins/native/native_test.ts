import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { analyzeDisk } from "../../core/analyze/analyze_disk.ts";
import { detectHost } from "../../core/host/detect.ts";
import { createPluginContext } from "../../core/plugin/context.ts";
import type { PluginContext, Progress, Target } from "../../core/plugin/types.ts";
import { runStrategy } from "../../core/plugin/run_strategy.ts";
import { validatePlugin } from "../../core/plugin/validate_plugin.ts";
import { makeBloatedDisk } from "../../tests/compact/support.ts";
import { withTempDir } from "../../tests/support/tools.ts";
import { nativePlugin } from "./mod.ts";

const host = detectHost();
const silent = { info() {}, warn() {}, debug() {} };
const progress: Progress = { phase() {}, update() {}, note() {} };
const context = (options: Record<string, unknown> = {}) =>
  createPluginContext({ host, log: silent, options, analyzePath: (p) => analyzeDisk(host, p) });
const diskTarget = (path: string, running?: boolean): Target => ({ kind: "disk", name: "disk.vhdx", path, owner: "file", running });
/** A confirmed run through the core, as the CLI makes it; its report. */
async function run(ctx: PluginContext, target: Target) {
  const outcome = await runStrategy(ctx, nativePlugin, target, { yes: true }, { progress });
  assert.equal(outcome.dryRun, false);
  return outcome.dryRun ? assert.fail("not run") : outcome.report;
}

test("the native plugin passes the plugin schema and is always available", async () => {
  assert.doesNotThrow(() => validatePlugin(nativePlugin, "built-in"));
  assert.deepEqual(await nativePlugin.probe(context()), { available: true });
  assert.equal(nativePlugin.metadata.requirements.admin, false);
  assert.equal(nativePlugin.metadata.requirements.hyperV, false);
});

test("estimate, plan and run agree: the exact size is what the run leaves, in place and by copy", async () => {
  await withTempDir(async (dir) => {
    const disk = await makeBloatedDisk(dir, { size: "64M", garbageMiB: 20 });
    const copyTarget = join(dir, "source-for-copy.vhdx");
    await copyFile(disk, copyTarget);
    const ctx = context();
    const est = await nativePlugin.estimate(ctx, diskTarget(disk));
    assert.equal(est.exact, true);
    assert.ok(est.reclaimable > 10 * 2 ** 20);
    const steps = await nativePlugin.plan(ctx, diskTarget(disk));
    const text = steps.flatMap((s) => [s.description, ...(s.details ?? [])]).join("\n");
    assert.match(text, /read the ext4 allocation map/);
    assert.match(text, /move \d+ blocks \(/);
    assert.match(text, /update \d+ BAT entries through the VHDX log/);
    assert.match(text, /truncate from .* to /);
    const report = await run(ctx, diskTarget(disk));
    assert.equal(report.sizeAfter, est.sizeAfter);
    assert.equal((await stat(disk)).size, est.sizeAfter);

    const output = join(dir, "copy.vhdx");
    const copyCtx = context({ output });
    const copyEst = await nativePlugin.estimate(copyCtx, diskTarget(copyTarget));
    assert.equal(copyEst.tempSpace, copyEst.sizeAfter);
    const copyReport = await run(copyCtx, diskTarget(copyTarget));
    assert.equal((await stat(output)).size, copyEst.sizeAfter);
    assert.deepEqual(copyReport.keptFiles, [output]);
  });
});

test("run refuses a running distro before touching its disk", async () => {
  await withTempDir(async (dir) => {
    const disk = await makeBloatedDisk(dir, { size: "32M" });
    const before = (await stat(disk)).mtimeMs;
    const target: Target = { kind: "distro", name: "Ubuntu", path: disk, owner: "wsl", running: true };
    await assert.rejects(runStrategy(context(), nativePlugin, target, { yes: true }), /Ubuntu is running, so its disk is in use: run wsl --terminate Ubuntu/);
    assert.equal((await stat(disk)).mtimeMs, before);
  });
});

test("the dry-run plan of a running distro says the run refuses, and shows no wsl --terminate step it would not run", async () => {
  await withTempDir(async (dir) => {
    const disk = await makeBloatedDisk(dir, { size: "32M" });
    const target: Target = { kind: "distro", name: "Ubuntu", path: disk, owner: "wsl", running: true };
    const steps = await nativePlugin.plan(context(), target);
    assert.match(steps[0].description, /^refuse: Ubuntu is running.*wsl --terminate Ubuntu/);
    assert.equal(steps[0].changes, false);
    assert.deepEqual(steps.filter((s) => /terminate/.test(s.command ?? "")), []);
  });
});
