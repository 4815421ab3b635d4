/**
 * Docker Desktop before 4.37 has no `docker desktop stop|start|status` (docs/windows-facts.md §5):
 * a script is refused with how to quit it by hand, a person at the terminal is given time to quit
 * it, and it is never killed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { withSimulatedHost } from "../support/simulated.ts";
import { exportImportPlugin } from "../../plugins/export-import/mod.ts";
import { TargetBusyError } from "../../core/errors.ts";
import { dockerDesktopRunning } from "../../core/docker_desktop/docker_desktop.ts";
import type { SimulatedHostOptions } from "../../simulated/mod.ts";
import { contextFor, ext4Vhdx, FIXTURE_USED_BYTES, hashOf, MiB, recordingProgress, registeredNames, targetNamed } from "./support.ts";
import { planAndRun } from "../../core/plugin/run_steps.ts";

const machine = (version: string) => (fx: string): SimulatedHostOptions => ({
  distros: [{ name: "Ubuntu", vhd: ext4Vhdx(fx, "ubuntu"), usedBytes: FIXTURE_USED_BYTES, defaultUid: 1000, default: true }],
  docker: { layout: "4.30", running: true, version },
  freeBytes: 2048 * MiB,
});

test("the emulated Docker CLI of 4.30 answers docker desktop as an unknown command, 4.37 knows it", async () => {
  await withSimulatedHost(machine("4.30.0"), async (host) => {
    const r = await host.exec("docker", ["desktop", "status"]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "docker: 'desktop' is not a docker command.\nSee 'docker --help'\n");
    assert.equal(await dockerDesktopRunning(host), true, "docker info still says it runs");
  });
  await withSimulatedHost(machine("4.37.0"), async (host) => {
    assert.equal((await host.exec("docker", ["desktop", "status"])).code, 0);
  });
});

test("a script on Docker Desktop 4.30 is refused with how to quit it by hand; nothing is killed or changed", async () => {
  await withSimulatedHost(machine("4.30.0"), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const hash = hashOf(host, target.path);
    await assert.rejects(planAndRun(exportImportPlugin, contextFor(host, { yes: true }), target, recordingProgress()), (e: Error) => {
      assert.ok(e instanceof TargetBusyError, String(e));
      assert.match(e.message, /no "docker desktop stop" \(it came with 4\.37\).*never kills it: quit Docker Desktop from its tray icon.*nothing was changed$/);
      return true;
    });
    assert.equal((await host.machine.read()).docker.running, true, "Docker Desktop still runs: it was not killed");
    assert.equal(hashOf(host, target.path), hash);
  });
});

test("an interactive run on Docker Desktop 4.30 waits for the user to quit it, then shrinks and says how to start it again", async () => {
  await withSimulatedHost(machine("4.30.0"), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const warnings: string[] = [];
    const ctx = contextFor(host, { yes: true }, { ask: () => Promise.resolve("") });
    // The user reads the warning and quits Docker Desktop from its tray icon between the product's
    // first and second look at the process list: a known point, no timer.
    let warned = false, looks = 0;
    ctx.log.warn = (m) => {
      warnings.push(m);
      warned = true;
    };
    const processes = host.processes.bind(host);
    host.processes = async () => {
      if (warned && ++looks === 2) {
        await host.machine.update((s) => {
          s.docker.running = false;
          s.running = s.running.filter((n) => n !== "docker-desktop");
        });
      }
      return await processes();
    };
    const report = await planAndRun(exportImportPlugin, ctx, target, recordingProgress());
    assert.ok(report.sizeAfter < report.sizeBefore, `${report.sizeBefore} -> ${report.sizeAfter}`);
    assert.ok(report.notes.some((n) => /start it again from the Start menu/.test(n)), JSON.stringify(report.notes));
    assert.match(warnings.join("\n"), /quit Docker Desktop from its tray icon.*waiting up to 120 s/);
    assert.equal(looks, 2, "it looked once while Docker Desktop ran, waited, and saw it quit at the second look");
    assert.deepEqual((await registeredNames(host)).filter((n) => n === "Ubuntu"), ["Ubuntu"]);
  });
});
