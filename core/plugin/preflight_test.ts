import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PosixHost } from "../host/posix_host.ts";
import { createPluginContext } from "./context.ts";
import { availabilityFor, preflight } from "./preflight.ts";
import type { PlanStep, StrategyPlugin, Target } from "./types.ts";
import { withTempDir } from "../../tests/support/tools.ts";

const host = new PosixHost();
const ctx = createPluginContext({
  host,
  log: { info() {}, warn() {}, debug() {} },
  analyzePath: () => Promise.reject(new Error("not needed")),
});

const plugin = (over: Partial<StrategyPlugin["metadata"]["requirements"]> = {}): StrategyPlugin => ({
  name: "fake",
  apiVersion: 1,
  description: "fake",
  metadata: {
    reliability: "high",
    dataPreservation: "full",
    complexity: "low",
    requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["disk"], ...over },
  },
  probe: () => Promise.resolve({ available: true }),
  estimate: () => Promise.reject(new Error("unused")),
  plan: () => Promise.resolve([]),
  run: () => Promise.reject(new Error("unused")),
});

const target = (path: string, running = false): Target => ({ kind: "disk", owner: "file", name: "d.vhdx", path, running });

test("a strategy for distros only is unavailable on a bare disk, saying why", async () => {
  const a = await availabilityFor(ctx, plugin({ targetKinds: ["distro"] }), target("/x"));
  assert.equal(a.available, false);
  assert.match(a.reason!, /registered WSL distros only/);
});

test("a Windows-only strategy is unavailable on this host", async () => {
  const a = await availabilityFor(ctx, plugin({ windows: true }), target("/x"));
  assert.deepEqual(a, { available: false, reason: "needs Windows" });
});

test("a running target blocks a plan that does not stop it, and only warns when a step closes it", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "d.vhdx");
    await writeFile(path, "x");
    const stop: PlanStep = { description: "stop", changes: true, closes: ["all WSL distros"] };
    const keep: PlanStep = { description: "compact", changes: true };
    const blocked = await preflight(ctx, plugin(), target(path, true), null, [keep]);
    assert.equal(blocked.find((c) => /running/.test(c.label))?.status, "fail");
    const warned = await preflight(ctx, plugin(), target(path, true), null, [stop, keep]);
    assert.equal(warned.find((c) => /running/.test(c.label))?.status, "warn");
  });
});

test("a missing file and too little temporary space fail the checklist", async () => {
  await withTempDir(async (dir) => {
    const checks = await preflight(ctx, plugin(), target(join(dir, "missing.vhdx")), {
      sizeAfter: 0, reclaimable: 0, tempSpace: Number.MAX_SAFE_INTEGER / 2, seconds: 1, exact: false,
    });
    assert.equal(checks.find((c) => /exists/.test(c.label))?.status, "fail");
    assert.equal(checks.find((c) => /temporary space/.test(c.label))?.status, "fail");
  });
});
