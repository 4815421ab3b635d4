import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { withSimulatedHost } from "../../tests/support/simulated.ts";
import { runCli } from "../../tests/support/cli.ts";
import { planAndRun } from "../../core/plugin/run_steps.ts";
import { contextFor, ext4Fixture, ext4Vhdx, FIXTURE_USED_BYTES, MiB, recordingProgress, targetNamed } from "../../tests/strategies/support.ts";
import type { SimulatedHostOptions } from "../../simulated/mod.ts";
import { wslCompactPlugin } from "./mod.ts";
import { COMPACT_EMULATED_FROM } from "../../simulated/tools/wsl_compact.ts";

const machine = (wsl: string, running = false) => (fx: string): SimulatedHostOptions => ({
  wsl: { version: wsl },
  distros: [{ name: "Ubuntu", vhd: ext4Vhdx(fx, "ubuntu"), freeRanges: ext4Fixture().freeRanges, usedBytes: FIXTURE_USED_BYTES, defaultUid: 1000, default: true, running }],
});

interface Row { name: string; available: boolean; reason?: string; estimate: { sizeAfter: number; reclaimable: number; exact: boolean } | null }

test("compare on a WSL with --manage --compact shows wsl-compact available beside native, with the size native would keep", async () => {
  await withSimulatedHost(machine(COMPACT_EMULATED_FROM), async (host) => {
    const r = await runCli(["compare", "--target", "Ubuntu", "--json"], host);
    assert.equal(r.code, 0, r.stderr);
    const rows = (JSON.parse(r.stdout) as { targets: { strategies: Row[] }[] }).targets[0].strategies;
    const wc = rows.find((x) => x.name === "wsl-compact")!;
    const native = rows.find((x) => x.name === "native")!;
    assert.equal(wc.available, true, wc.reason);
    assert.equal(wc.estimate!.exact, false);
    assert.equal(wc.estimate!.sizeAfter, native.estimate!.sizeAfter, "the VHDX blocks ext4 still uses, as native keeps them");
    assert.ok(wc.estimate!.reclaimable > 0);
  });
});

test("on an older WSL wsl-compact is unavailable, saying its wsl.exe has no --compact", async () => {
  await withSimulatedHost(machine("2.5.10"), async (host) => {
    const a = await wslCompactPlugin.probe(contextFor(host));
    assert.equal(a.available, false);
    assert.match(a.reason!, /this WSL \(2\.5\.10\) has no wsl --manage --compact/);
    // The emulated wsl.exe rejects the option as an older one does.
    const run = await host.exec("wsl.exe", ["--manage", "Ubuntu", "--compact"], { encoding: "utf16le" });
    assert.notEqual(run.code, 0);
    assert.match(run.stdout + run.stderr, /Invalid command line argument: --compact/);
  });
});

test("wsl-compact stops the running distro, and WSL's compaction leaves a smaller disk that qemu-img and e2fsck accept", async () => {
  await withSimulatedHost(machine(COMPACT_EMULATED_FROM), async (host) => {
    const estimate = await wslCompactPlugin.estimate(contextFor(host), await targetNamed(host, "Ubuntu"));
    await host.machine.update((s) => void (s.running = ["Ubuntu"]));
    const target = await targetNamed(host, "Ubuntu");
    assert.equal(target.running, true);
    const report = await planAndRun(wslCompactPlugin, contextFor(host, { yes: true }), target, recordingProgress());
    assert.deepEqual((await host.machine.read()).running, []);
    assert.ok(report.sizeAfter < report.sizeBefore - 24 * MiB, `${report.sizeBefore} -> ${report.sizeAfter}`);
    // WSL drops whole blocks ext4 no longer uses; the estimate is that, give or take what the discard leaves.
    assert.ok(Math.abs(report.sizeAfter - estimate.sizeAfter) <= 4 * MiB, `${report.sizeAfter} vs estimate ${estimate.sizeAfter}`);
    const real = host.fs.real(target.path);
    execFileSync("qemu-img", ["check", "-q", real]);
    const raw = `${real}.raw`;
    execFileSync("qemu-img", ["convert", "-O", "raw", real, raw]);
    execFileSync("e2fsck", ["-fn", raw], { stdio: "pipe" });
  });
});
