/**
 * A step's failure handler runs when the step fails: diskpart and optimize-vhd attach the disk in
 * an elevated process, and when that process fails after attaching it, the disk is detached again
 * (a second elevated run) before the error is reported; the disk's bytes are unchanged.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeDataVhdx, withSimulatedHost } from "../support/simulated.ts";
import { diskpartPlugin } from "../../plugins/diskpart/mod.ts";
import { optimizeVhdPlugin } from "../../plugins/optimize-vhd/mod.ts";
import { planAndRun } from "../../core/plugin/run_steps.ts";
import { winPathKey } from "../../simulated/win_path.ts";
import type { SimulatedHostOptions } from "../../simulated/mod.ts";
import { contextFor, hashOf, recordingProgress, targetNamed } from "./support.ts";

const machine = (fx: string): SimulatedHostOptions => ({
  distros: [],
  docker: { layout: "4.30", running: false, dataVhd: makeDataVhdx(join(fx, "docker_data.vhdx"), 2, 24) },
  hyperV: true,
  elevated: true,
});

for (const plugin of [diskpartPlugin, optimizeVhdPlugin]) {
  test(`${plugin.name}: an elevated run that fails after attaching the disk is followed by one that detaches it`, async () => {
    await withSimulatedHost(machine, async (host) => {
      const target = await targetNamed(host, "docker_data.vhdx");
      const hash = hashOf(host, target.path);
      const ctx = contextFor(host, { yes: true });
      const run = ctx.elevation.run.bind(ctx.elevation);
      let calls = 0;
      ctx.elevation.run = async (command, args, opts) => {
        if (++calls === 1) {
          await host.machine.update((s) => void (s.attached[winPathKey(target.path)] = "readonly"));
          throw new Error("the elevated process vanished");
        }
        return await run(command, args, opts);
      };
      await assert.rejects(planAndRun(plugin, ctx, target, recordingProgress()), /the elevated process vanished/);
      assert.equal(calls, 2, "one run that attached, one that detached");
      assert.deepEqual((await host.machine.read()).attached, {});
      assert.equal(hashOf(host, target.path), hash);
    });
  });
}
