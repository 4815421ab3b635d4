/**
 * The dry run shows exactly what a real run executes, for every built-in strategy: a dry run's plan
 * and the steps a real run reports as executed are the same lines (descriptions, command lines,
 * elevation), in the same order, on a simulated Windows with real ext4 disks. Random parts of
 * temporary names (a new tag per plan) are the only difference allowed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeDataVhdx, withSimulatedHost } from "../support/simulated.ts";
import { builtInPlugins } from "../../plugins/mod.ts";
import { runStrategy } from "../../core/plugin/run_strategy.ts";
import type { PlanStep } from "../../core/plugin/types.ts";
import type { SimulatedHost, SimulatedHostOptions } from "../../simulated/mod.ts";
import { crtCommandLine } from "../../core/host/crt_quote.ts";
import { IDENTITY_READ_AT_RUN } from "../../plugins/optimize-vhd/script.ts";
import { contextFor, ext4Fixture, ext4Vhdx, FIXTURE_USED_BYTES, MiB, recordingProgress, targetNamed } from "./support.ts";
import { COMPACT_EMULATED_FROM } from "../../simulated/tools/wsl_compact.ts";

const machine = (fx: string): SimulatedHostOptions => ({
  distros: [
    { name: "Ubuntu", vhd: ext4Vhdx(fx, "ubuntu"), freeRanges: ext4Fixture().freeRanges, usedBytes: FIXTURE_USED_BYTES, defaultUid: 1000, default: true },
  ],
  docker: { layout: "4.30", running: true, dataVhd: makeDataVhdx(join(fx, "docker_data.vhdx"), 2, 24) },
  wsl: { version: "2.3.26" },
  hyperV: true,
  elevated: true,
  freeBytes: 1024 * MiB,
});

/** What a user reads of a step, with the per-plan random tag of temporary names made neutral. */
const lines = (steps: PlanStep[]) =>
  steps.map((s) => JSON.stringify([s.description, s.command ?? null, s.elevated ?? false, s.details ?? []]).replace(/vhdx-shrink-[a-z0-9]+/g, "vhdx-shrink-<tag>"));

const options: Record<string, Record<string, unknown>> = { "unregister-only": { iUnderstandDataLoss: true } };
const targets: Record<string, string> = { "unregister-only": "docker-desktop" };

test("the checks below run for every built-in strategy (a loop over an empty list would check nothing)", () => {
  assert.deepEqual(builtInPlugins.map((p) => p.name).sort(), ["diskpart", "export-import", "native", "optimize-vhd", "sparse", "unregister-only", "wsl-compact"]);
});

for (const plugin of builtInPlugins) {
  test(`${plugin.name}: the dry run's lines are the steps a real run executes`, async () => {
    await withSimulatedHost(machine, async (host) => {
      // WSL's own compaction needs a wsl.exe that has it (simulated/tools/wsl_compact.ts).
      if (plugin.name === "wsl-compact") await host.machine.update((s) => void (s.wslVersion = COMPACT_EMULATED_FROM));
      const target = await targetNamed(host, targets[plugin.name] ?? "Ubuntu");
      const dry = await runStrategy(contextFor(host, options[plugin.name]), plugin, target, { dryRun: true });
      assert.equal(dry.preparation.refusal, undefined, dry.preparation.refusal);
      const real = await runStrategy(contextFor(host, options[plugin.name]), plugin, target, { yes: true, iUnderstandDataLoss: true }, { progress: recordingProgress() });
      assert.equal(real.dryRun, false);
      if (real.dryRun) return;
      assert.ok(real.steps.length >= 2, "a plan of several steps");
      assert.deepEqual(lines(real.steps), lines(dry.preparation.plan));
    });
  });
}

/** Every program the simulated host runs from now on, as its command line (CRT quoting, as the plan prints lines). */
function recordExecs(host: SimulatedHost): string[] {
  const lines: string[] = [];
  const exec = host.exec.bind(host);
  host.exec = (cmd, args, opts) => {
    lines.push(crtCommandLine([cmd, ...args]));
    return exec(cmd, args, opts);
  };
  return lines;
}

test("optimize-vhd: the executed PowerShell line is the dry run's line with the header GUIDs, read after the trim, in place of the placeholder", async () => {
  await withSimulatedHost(machine, async (host) => {
    const plugin = builtInPlugins.find((p) => p.name === "optimize-vhd")!;
    const target = await targetNamed(host, "Ubuntu");
    const dry = await runStrategy(contextFor(host), plugin, target, { dryRun: true });
    const shown = dry.preparation.plan.map((s) => s.command ?? "").filter((c) => c.includes("Optimize-VHD"));
    assert.equal(shown.length, 1, "one step runs Optimize-VHD");
    assert.ok(shown[0].includes(IDENTITY_READ_AT_RUN.split("|")[0]), "the plan names the GUIDs it cannot know yet");
    const ran = recordExecs(host);
    const real = await runStrategy(contextFor(host), plugin, target, { yes: true }, { progress: recordingProgress() });
    assert.equal(real.dryRun, false);
    const executed = ran.filter((l) => l.includes("Optimize-VHD"));
    assert.equal(executed.length, 1, "Optimize-VHD ran once");
    // The GUIDs the run read after the trim, as the elevated side compares them (vhdxIdentity's form).
    const ids = [...executed[0].matchAll(/\$id = '([^']*)'/g)].map((m) => m[1]);
    assert.equal(ids.length, 2, "both headers are checked");
    for (const id of ids) assert.match(id, /^[0-9A-F]{2}(-[0-9A-F]{2}){47}$/);
    const [id1, id2] = ids;
    const [first, second] = IDENTITY_READ_AT_RUN.split("|");
    assert.equal(executed[0], shown[0].split(first).join(id1).split(second).join(id2));
  });
});

for (const [version, passed] of [["2.3.26", false], ["2.6.1", true]] as const) {
  test(`sparse with --allow-unsafe on WSL ${version}: the plan's wsl line ${passed ? "has" : "leaves out"} --allow-unsafe, as the run does`, async () => {
    await withSimulatedHost(machine, async (host) => {
      await host.machine.update((s) => void (s.wslVersion = version));
      const plugin = builtInPlugins.find((p) => p.name === "sparse")!;
      const target = await targetNamed(host, "Ubuntu");
      const dry = await runStrategy(contextFor(host, { allowUnsafe: true }), plugin, target, { dryRun: true });
      const shown = dry.preparation.plan.map((s) => s.command ?? "").filter((c) => c.includes("--set-sparse"));
      assert.equal(shown.length, 1);
      assert.equal(shown[0].includes("--allow-unsafe"), passed);
      const ran = recordExecs(host);
      const real = await runStrategy(contextFor(host, { allowUnsafe: true }), plugin, target, { yes: true }, { progress: recordingProgress() });
      assert.equal(real.dryRun, false);
      const executed = ran.filter((l) => l.includes("--set-sparse"));
      assert.deepEqual(executed, [shown[0]]);
    });
  });
}
