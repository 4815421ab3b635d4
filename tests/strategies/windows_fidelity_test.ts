/**
 * How the product talks to Windows tools, on the SimulatedHost: the failures that live there,
 * each with the machine that shows it (a user folder with a space and non-ASCII letters, a German
 * Windows with code page 850, a failing Optimize-VHD, a non-elevated run through UAC).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeDataVhdx, withSimulatedHost } from "../support/simulated.ts";
import { optimizeVhdPlugin } from "../../plugins/optimize-vhd/mod.ts";
import { diskpartPlugin } from "../../plugins/diskpart/mod.ts";
import { discoverTargets } from "../../core/discover/mod.ts";
import { contextFor, ext4Fixture, FIXTURE_USED_BYTES, hashOf, MiB, recordingProgress, targetNamed } from "./support.ts";
import type { SimulatedHostOptions } from "../../simulated/mod.ts";
import { planAndRun } from "../../core/plugin/run_steps.ts";

const machine = (extra: Partial<SimulatedHostOptions> = {}) => (fx: string): SimulatedHostOptions => ({
  distros: [{ name: "Ubuntu", vhd: ext4Fixture().path, freeRanges: ext4Fixture().freeRanges, usedBytes: FIXTURE_USED_BYTES, defaultUid: 1000, default: true }],
  docker: { layout: "4.30", dataVhd: makeDataVhdx(join(fx, "docker_data.vhdx"), 2, 24) },
  hyperV: true,
  ...extra,
});

for (const userName of ["Dev User", "Usuário"]) {
  for (const plugin of [diskpartPlugin, optimizeVhdPlugin]) {
    test(`${plugin.name} relaunched through UAC works for the user "${userName}" (every path argument stays one argument)`, async () => {
      await withSimulatedHost(machine({ userName, elevated: false }), async (host) => {
        const target = await targetNamed(host, "Ubuntu");
        assert.ok(target.path.includes(`\\${userName}\\`), target.path);
        const report = await planAndRun(plugin, contextFor(host, { yes: true }), target, recordingProgress());
        assert.ok(report.sizeAfter < report.sizeBefore - 24 * MiB, `${report.sizeBefore} -> ${report.sizeAfter}`);
        assert.deepEqual((await host.machine.read()).attached, {});
      });
    });
  }
}

test("German Windows (code page 850): discovery reads Jürgen's disk paths intact from reg's output", async () => {
  await withSimulatedHost(machine({ userName: "Jürgen", locale: "de-DE" }), async (host) => {
    assert.equal(await host.consoleCodePage(), 850);
    const { targets } = await discoverTargets(host);
    const paths = targets.map((t) => t.path);
    assert.ok(paths.some((p) => p.startsWith("C:\\Users\\Jürgen\\AppData\\Local\\wsl\\")), paths.join(", "));
    assert.ok(paths.includes("C:\\Users\\Jürgen\\AppData\\Local\\Docker\\wsl\\disk\\docker_data.vhdx"), paths.join(", "));
  });
});

test("German Windows: diskpart compacts Jürgen's distro (script written in code page 850, success judged by exit code and file)", async () => {
  await withSimulatedHost(machine({ userName: "Jürgen", locale: "de-DE", elevated: true }), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const report = await planAndRun(diskpartPlugin, contextFor(host, { yes: true }), target, recordingProgress());
    assert.ok(report.sizeAfter < report.sizeBefore - 24 * MiB, `${report.sizeBefore} -> ${report.sizeAfter}`);
    assert.deepEqual((await host.machine.read()).attached, {});
  });
});

test("diskpart refuses, before anything runs, a disk path with a letter the console code page lacks", async () => {
  await withSimulatedHost(machine({ userName: "Łukasz", locale: "de-DE", elevated: true }), async (host) => {
    const target = await targetNamed(host, "docker_data.vhdx");
    const hash = hashOf(host, target.path);
    await assert.rejects(planAndRun(diskpartPlugin, contextFor(host, { yes: true }), target, recordingProgress()), /letters the console code page 850 lacks.*native or optimize-vhd strategy; nothing was changed/);
    assert.equal(hashOf(host, target.path), hash);
  });
});

test("optimize-vhd: a failing Mount-VHD is reported as that step, with nothing attached or compacted", async () => {
  await withSimulatedHost(machine({ elevated: true }), async (host) => {
    const target = await targetNamed(host, "docker_data.vhdx");
    const hash = hashOf(host, target.path);
    // A sparse flag set behind the strategy's back: Mount-VHD refuses sparse files (docs/windows-facts.md §9).
    const exec = host.exec.bind(host);
    host.exec = async (cmd, args, opts) => {
      if (/^powershell/i.test(cmd) && args.join(" ").includes("Mount-VHD")) await host.fs.setSparse(target.path, true);
      return exec(cmd, args, opts);
    };
    await assert.rejects(planAndRun(optimizeVhdPlugin, contextFor(host, { yes: true }), target, recordingProgress()), /Mount-VHD failed \(exit 2: .*must not be sparse.*\): nothing was attached or compacted/);
    assert.equal(hashOf(host, target.path), hash);
    assert.deepEqual((await host.machine.read()).attached, {});
  });
});
