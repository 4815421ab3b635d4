/**
 * Failures that must never turn into a quiet "safe" answer (a disk in use read as free can be
 * rewritten under a running VM): a failing
 * `wsl --list`, a lock check that errors. Each must reach the user as a warning or a refusal.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { withSimulatedHost } from "../support/simulated.ts";
import { discoverTargets } from "../../core/discover/mod.ts";
import { lockHolders } from "../../core/doctor/lock_holders.ts";
import { releaseFromDockerService } from "../../core/docker_desktop/docker_desktop_service.ts";
import type { SimulatedHostOptions } from "../../simulated/mod.ts";
import { ext4Vhdx, FIXTURE_USED_BYTES, targetNamed } from "./support.ts";

const machine = (faults: SimulatedHostOptions["faults"]) => (fx: string): SimulatedHostOptions => ({
  distros: [{ name: "Ubuntu", vhd: ext4Vhdx(fx, "ubuntu"), usedBytes: FIXTURE_USED_BYTES, defaultUid: 1000, default: true, running: true }],
  faults,
});

test("a failing wsl --list is a warning and an unknown state, not 'no distros' and not 'Stopped'", async () => {
  await withSimulatedHost(machine({ listFails: true }), async (host) => {
    const found = await discoverTargets(host);
    assert.deepEqual(found.targets.map((t) => [t.name, t.state]), [["Ubuntu", "Unknown"]]);
    assert.equal(found.warnings.length, 1);
    assert.match(found.warnings[0], /listing WSL distros failed \(exit -1: Catastrophic failure Wsl\/Service\/E_UNEXPECTED\).*state is unknown/);
  });
});

test("a working wsl --list gives no warning", async () => {
  await withSimulatedHost(machine({}), async (host) => {
    const found = await discoverTargets(host);
    assert.deepEqual(found.warnings, []);
    assert.equal(found.targets[0].state, "Running");
  });
});

test("a lock check that errors is named as unknown by lock holders and stops the Docker service step, never 'not locked'", async () => {
  await withSimulatedHost(machine({}), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    await host.machine.update((s) => void (s.faults.lockCheckFails = true));
    const holders = await lockHolders(host, target);
    assert.equal(holders.length, 1);
    assert.match(holders[0], /^unknown: checking whether .*ext4\.vhdx is in use failed \(EIO/);
    await assert.rejects(releaseFromDockerService(host, target.path), /EIO/);
  });
});
