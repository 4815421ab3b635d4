import { test } from "node:test";
import assert from "node:assert/strict";
import { withSimulatedHost } from "../support/simulated.ts";
import { makeDataVhdx } from "../support/simulated.ts";
import { optimizeVhdPlugin } from "../../plugins/optimize-vhd/mod.ts";
import { diskpartPlugin } from "../../plugins/diskpart/mod.ts";
import { sparsePlugin } from "../../plugins/sparse/mod.ts";
import { InterruptedError, RefusedError } from "../../core/errors.ts";
import { planAndRun } from "../../core/plugin/run_steps.ts";
import { contextFor, ext4Fixture, ext4Vhdx, FIXTURE_USED_BYTES, hashOf, MiB, recordingProgress, targetNamed } from "./support.ts";
import type { SimulatedHost, SimulatedHostOptions } from "../../simulated/mod.ts";
import { join } from "node:path";

const machine = (extra: Partial<SimulatedHostOptions> = {}) => (fx: string): SimulatedHostOptions => ({
  distros: [
    { name: "Ubuntu", vhd: ext4Vhdx(fx, "ubuntu"), freeRanges: ext4Fixture().freeRanges, usedBytes: FIXTURE_USED_BYTES, defaultUid: 1000, default: true, running: true },
    { name: "Sparse", vhd: ext4Vhdx(fx, "sparse"), freeRanges: ext4Fixture().freeRanges, usedBytes: FIXTURE_USED_BYTES, sparse: true },
  ],
  docker: { layout: "4.30", running: true, dataVhd: makeDataVhdx(join(fx, "docker_data.vhdx"), 2, 24) },
  hyperV: true,
  elevated: true,
  ...extra,
});

async function isAttached(host: SimulatedHost): Promise<boolean> {
  return Object.keys((await host.machine.read()).attached).length > 0;
}

for (const plugin of [optimizeVhdPlugin, diskpartPlugin]) {
  test(`${plugin.name} stops Docker Desktop, compacts a bare docker_data.vhdx, detaches it and starts Docker again`, async () => {
    await withSimulatedHost(machine(), async (host) => {
      const target = await targetNamed(host, "docker_data.vhdx");
      const report = await planAndRun(plugin, contextFor(host, { yes: true }), target, recordingProgress());
      assert.ok(report.sizeAfter < report.sizeBefore, `${report.sizeAfter} < ${report.sizeBefore}`);
      assert.equal(await isAttached(host), false);
      assert.equal((await host.machine.read()).docker.running, true, "Docker Desktop was started again");
      assert.ok(report.notes.some((n) => /Docker Desktop was started again/.test(n)));
    });
  });

  test(`${plugin.name} leaves Docker Desktop stopped with --no-restart-docker`, async () => {
    await withSimulatedHost(machine(), async (host) => {
      const target = await targetNamed(host, "docker_data.vhdx");
      const report = await planAndRun(plugin, contextFor(host, { yes: true, restartDocker: false }), target, recordingProgress());
      assert.equal((await host.machine.read()).docker.running, false);
      assert.ok(report.notes.some((n) => /left stopped/.test(n)), report.notes.join("; "));
    });
  });

  test(`${plugin.name} trims a distro first and reclaims the blocks of its deleted files`, async () => {
    await withSimulatedHost(machine(), async (host) => {
      const target = await targetNamed(host, "Ubuntu");
      const report = await planAndRun(plugin, contextFor(host, { yes: true }), target, recordingProgress());
      assert.ok(report.notes.some((n) => /fstrim reported \d+ bytes trimmed/.test(n)), report.notes.join("; "));
      assert.deepEqual((await host.machine.read()).running, ["docker-desktop"], "WSL was shut down after the trim; only Docker Desktop's distro runs again");
      // The fixture's 32 MiB of deleted data is non-zero: only the trim lets the compaction drop it.
      assert.ok(report.sizeAfter < report.sizeBefore - 24 * MiB, `${report.sizeBefore} -> ${report.sizeAfter}`);
    });
  });
}

test("optimize-vhd clears the sparse flag first (Optimize-VHD refuses sparse files)", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const target = await targetNamed(host, "Sparse");
    const report = await planAndRun(optimizeVhdPlugin, contextFor(host, { yes: true }), target, recordingProgress());
    assert.equal((await host.fs.stat(target.path))?.isSparse, false);
    assert.ok(report.notes.some((n) => /sparse flag was cleared/.test(n)));
  });
});

test("optimize-vhd is unavailable without the Hyper-V module and says what to use instead", async () => {
  await withSimulatedHost(machine({ hyperV: false }), async (host) => {
    const a = await optimizeVhdPlugin.probe(contextFor(host));
    assert.equal(a.available, false);
    assert.match(a.reason!, /Hyper-V.*diskpart or native/);
  });
});

test("optimize-vhd run by a non-elevated user goes through UAC for the one step and still compacts", async () => {
  await withSimulatedHost(machine({ elevated: false }), async (host) => {
    const target = await targetNamed(host, "docker_data.vhdx");
    const report = await planAndRun(optimizeVhdPlugin, contextFor(host, { yes: true }), target, recordingProgress());
    assert.ok(report.sizeAfter < report.sizeBefore);
    assert.equal(await isAttached(host), false);
  });
});

test("optimize-vhd failing detaches the disk, leaves it byte-identical and says what to try", async () => {
  await withSimulatedHost(machine({ faults: { optimizeFails: true } }), async (host) => {
    const target = await targetNamed(host, "docker_data.vhdx");
    const hash = hashOf(host, target.path);
    await assert.rejects(planAndRun(optimizeVhdPlugin, contextFor(host, { yes: true }), target, recordingProgress()), /Optimize-VHD failed .*detached again; try the diskpart or native strategy/);
    assert.equal(hashOf(host, target.path), hash);
    assert.equal(await isAttached(host), false);
  });
});

test("UAC denied: optimize-vhd fails with the disk unchanged and detached", async () => {
  await withSimulatedHost(machine({ elevated: false, faults: { elevationDenied: true } }), async (host) => {
    const target = await targetNamed(host, "docker_data.vhdx");
    const hash = hashOf(host, target.path);
    await assert.rejects(planAndRun(optimizeVhdPlugin, contextFor(host, { yes: true }), target, recordingProgress()), RefusedError);
    assert.equal(hashOf(host, target.path), hash);
    assert.equal(await isAttached(host), false);
  });
});

test("diskpart's documented exit code 4 (a VDS error) is a failure whatever language it prints, and the disk is left unchanged", async () => {
  await withSimulatedHost(machine({ locale: "de-DE" }), async (host) => {
    const target = await targetNamed(host, "docker_data.vhdx");
    // Another program holds the disk attached, so `attach vdisk` gets a VDS "in use" error.
    await host.machine.update((s) => void (s.attached[target.path.toLowerCase()] = "readwrite"));
    const hash = hashOf(host, target.path);
    await assert.rejects(planAndRun(diskpartPlugin, contextFor(host, { yes: true }), target, recordingProgress()), (e: Error) => {
      assert.match(e.message, /diskpart failed \(exit 4: the Virtual Disk Service failed/);
      assert.match(e.message, /Der Prozess kann nicht auf die Datei zugreifen/, "diskpart's own German words, decoded from code page 850");
      assert.match(e.message, /it is unchanged/);
      return true;
    });
    assert.equal(hashOf(host, target.path), hash);
  });
});

test("diskpart refuses a sparse disk before touching it, naming the strategies that can", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const target = await targetNamed(host, "Sparse");
    await assert.rejects(planAndRun(diskpartPlugin, contextFor(host, { yes: true }), target, recordingProgress()), /sparse.*optimize-vhd.*native; nothing was changed/);
  });
});

test("diskpart run by a non-elevated user: the output is not visible through UAC, so the file is checked instead", async () => {
  await withSimulatedHost(machine({ elevated: false }), async (host) => {
    const target = await targetNamed(host, "docker_data.vhdx");
    const report = await planAndRun(diskpartPlugin, contextFor(host, { yes: true }), target, recordingProgress());
    assert.ok(report.sizeAfter < report.sizeBefore);
    assert.ok(report.notes.some((n) => /output could not be read/.test(n)));
  });
});

test("Ctrl-C before diskpart leaves the disk unchanged and says so", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const target = await targetNamed(host, "docker_data.vhdx");
    const hash = hashOf(host, target.path);
    const c = new AbortController();
    const ctx = contextFor(host, { yes: true }, { signal: c.signal });
    const exec = host.exec.bind(host);
    host.exec = (cmd, args, opts) => {
      if (/^wsl/i.test(cmd) && args[0] === "--shutdown") c.abort();
      return exec(cmd, args, opts);
    };
    await assert.rejects(planAndRun(diskpartPlugin, ctx, target, recordingProgress()), (e: Error) => e instanceof InterruptedError && /disk is unchanged/.test(e.message));
    assert.equal(hashOf(host, target.path), hash);
  });
});

test("sparse stops at WSL's unsafe gate with the corruption issues named, unless --allow-unsafe", async () => {
  await withSimulatedHost(machine({ wsl: { version: "2.5.9" } }), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const hash = hashOf(host, target.path);
    await assert.rejects(planAndRun(sparsePlugin, contextFor(host, { yes: true }), target, recordingProgress()), (e: Error) => {
      assert.ok(e instanceof RefusedError);
      assert.match(e.message, /#12103.*#10703.*#10991.*#13075.*--allow-unsafe; nothing was changed/);
      return true;
    });
    assert.equal(hashOf(host, target.path), hash);
    assert.equal((await host.fs.stat(target.path))?.isSparse, false);
    const report = await planAndRun(sparsePlugin, contextFor(host, { yes: true, allowUnsafe: true }), target, recordingProgress());
    assert.equal((await host.fs.stat(target.path))?.isSparse, true);
    assert.ok(report.notes.some((n) => /--set-sparse false/.test(n)));
    assert.ok(!(await host.machine.read()).running.includes("Ubuntu"), "shut down after the trim");
  });
});

test("sparse works without the flag on WSL before the gate, and is unavailable on the inbox wsl.exe", async () => {
  await withSimulatedHost(machine({ wsl: { version: "2.3.26" } }), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    await planAndRun(sparsePlugin, contextFor(host, { yes: true }), target, recordingProgress());
    assert.equal((await host.fs.stat(target.path))?.isSparse, true);
  });
  await withSimulatedHost(machine({ wsl: { version: "inbox" } }), async (host) => {
    const a = await sparsePlugin.probe(contextFor(host));
    assert.equal(a.available, false);
    assert.match(a.reason!, /wsl --update/);
  });
});

test("estimates: trim strategies say 'needs trim' for distros and 'zero blocks only' for bare disks", async () => {
  await withSimulatedHost(machine(), async (host) => {
    await host.exec("docker", ["desktop", "stop"]);
    await host.exec("wsl", ["--shutdown"]);
    const ctx = contextFor(host);
    const distro = await diskpartPlugin.estimate(ctx, await targetNamed(host, "Ubuntu"));
    assert.equal(distro.note, "needs trim");
    assert.ok(distro.reclaimable > 16 * MiB, `${distro.reclaimable}`);
    const bare = await diskpartPlugin.estimate(ctx, await targetNamed(host, "docker_data.vhdx"));
    assert.equal(bare.note, "zero blocks only");
  });
});
