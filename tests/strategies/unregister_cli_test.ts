import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { withSimulatedHost, makeDataVhdx } from "../support/simulated.ts";
import { runCli } from "../support/cli.ts";
import { unregisterOnlyPlugin } from "../../plugins/unregister-only/mod.ts";
import { RefusedError } from "../../core/errors.ts";
import { runStrategy } from "../../core/plugin/run_strategy.ts";
import { planAndRun } from "../../core/plugin/run_steps.ts";
import { contextFor, ext4Vhdx, FIXTURE_USED_BYTES, hashOf, MiB, recordingProgress, registeredNames, targetNamed } from "./support.ts";
import type { SimulatedHostOptions } from "../../simulated/mod.ts";

const machine = (extra: Partial<SimulatedHostOptions> = {}) => (fx: string): SimulatedHostOptions => ({
  distros: [{ name: "Ubuntu", vhd: ext4Vhdx(fx, "ubuntu"), usedBytes: FIXTURE_USED_BYTES, defaultUid: 1000, default: true }],
  docker: { layout: "legacy", running: true, dataVhd: makeDataVhdx(join(fx, "data.vhdx"), 2, 24) },
  hyperV: true,
  elevated: false,
  freeBytes: 1024 * MiB,
  ...extra,
});

test("unregister-only refuses without --i-understand-data-loss in scripts, and nothing is deleted", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const hash = hashOf(host, target.path);
    await assert.rejects(runStrategy(contextFor(host), unregisterOnlyPlugin, target, { yes: true }), (e: Error) => e instanceof RefusedError && /--i-understand-data-loss in scripts; nothing was changed/.test(e.message));
    await assert.rejects(runStrategy(contextFor(host), unregisterOnlyPlugin, target, { iUnderstandDataLoss: true }), /add --yes/);
    assert.equal(hashOf(host, target.path), hash);
  });
});

test("unregister-only asks for the distro's name when interactive and refuses a wrong answer", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const yes = () => Promise.resolve(true);
    await assert.rejects(runStrategy(contextFor(host), unregisterOnlyPlugin, target, {}, { confirm: yes, ask: () => Promise.resolve("ubuntu ") }), /"ubuntu" is not Ubuntu: nothing was changed/);
    assert.ok((await registeredNames(host)).includes("Ubuntu"));
    const questions: string[] = [];
    const outcome = await runStrategy(contextFor(host), unregisterOnlyPlugin, target, {}, { confirm: yes, ask: (q) => (questions.push(q), Promise.resolve("Ubuntu")) });
    assert.match(questions[0], /deletes Ubuntu and ALL its data/);
    assert.equal(outcome.dryRun ? null : outcome.report.sizeAfter, 0);
    assert.ok(!(await registeredNames(host)).includes("Ubuntu"));
  });
});

test("unregister-only on docker-desktop says Docker recreates it, and a failing unregister says what state remains", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const target = await targetNamed(host, "docker-desktop");
    const report = await planAndRun(unregisterOnlyPlugin, contextFor(host, { yes: true, iUnderstandDataLoss: true }), target, recordingProgress());
    assert.ok(report.notes.some((n) => /recreates it empty/.test(n)));
  });
  await withSimulatedHost(machine({ faults: { unregisterFails: true } }), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const hash = hashOf(host, target.path);
    await assert.rejects(planAndRun(unregisterOnlyPlugin, contextFor(host, { yes: true, iUnderstandDataLoss: true }), target, recordingProgress()), /still registered and its disk still exists/);
    assert.equal(hashOf(host, target.path), hash);
  });
});

for (const [strategy, target, extra] of [
  ["export-import", "Ubuntu", []],
  ["diskpart", "Ubuntu", []],
  ["sparse", "Ubuntu", ["--allow-unsafe"]],
  ["unregister-only", "docker-desktop", ["--i-understand-data-loss"]],
] as const) {
  test(`the CLI runs ${strategy} on the simulated host: --dry-run changes nothing, --json reports bytes reclaimed`, async () => {
    await withSimulatedHost(machine({ elevated: strategy === "diskpart" }), async (host) => {
      const t = await targetNamed(host, target);
      const hash = hashOf(host, t.path);
      const dry = await runCli(["--strategy", strategy, "--target", target, "--dry-run"], host);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /Plan:/);
      assert.match(dry.stdout, /wsl\.exe/);
      assert.match(dry.stdout, /Dry run: nothing was changed/);
      assert.equal(hashOf(host, t.path), hash);
      const json = await runCli(["--strategy", strategy, "--target", target, "--dry-run", "--json"], host);
      assert.equal(json.code, 0, json.stderr);
      const closing = (JSON.parse(json.stdout).plan as { closes?: string[] }[]).find((s) => s.closes);
      assert.equal(closing?.closes?.[1], "all WSL distros");
      const r = await runCli(["--strategy", strategy, "--target", target, "--yes", "--json", ...extra], host);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const out = JSON.parse(r.stdout);
      assert.equal(out.strategy, strategy);
      assert.equal(out.reclaimed, out.sizeBefore - out.sizeAfter);
      assert.ok(out.reclaimed >= 0);
    });
  });
}

test("the CLI refuses unregister-only with --yes alone and prints one line saying nothing changed", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const r = await runCli(["--strategy", "unregister-only", "--target", "Ubuntu", "--yes"], host);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /nothing was changed/);
    assert.ok((await registeredNames(host)).includes("Ubuntu"));
  });
});
