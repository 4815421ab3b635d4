/**
 * The machine-profile matrix on the SimulatedHost: every strategy's ordinary scenario runs on every
 * machine profile that applies to it (simulated/profiles.ts) and must end the same way it does on
 * the default machine. The same matrix runs under Wine in tests/windows/profiles_test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { withSimulatedHost } from "../support/simulated.ts";
import { nativePlugin } from "../../plugins/native/mod.ts";
import { exportImportPlugin } from "../../plugins/export-import/mod.ts";
import { unregisterOnlyPlugin } from "../../plugins/unregister-only/mod.ts";
import { sparsePlugin } from "../../plugins/sparse/mod.ts";
import { diskpartPlugin } from "../../plugins/diskpart/mod.ts";
import { optimizeVhdPlugin } from "../../plugins/optimize-vhd/mod.ts";
import { ALL_STRATEGIES, profilesFor } from "../../simulated/profiles.ts";
import type { StrategyName } from "../../simulated/profiles.ts";
import type { SimulatedHost, SimulatedHostOptions } from "../../simulated/mod.ts";
import type { RunReport, StrategyPlugin } from "../../core/plugin/types.ts";
import { contextFor, ext4Fixture, ext4Vhdx, FIXTURE_USED_BYTES, MiB, recordingProgress, registeredNames, targetNamed } from "./support.ts";
import { planAndRun } from "../../core/plugin/run_steps.ts";

/** One strategy's ordinary scenario: machine, target, options, and what must hold afterwards. */
interface StrategyScenario {
  plugin: StrategyPlugin;
  machine: (fx: string) => SimulatedHostOptions;
  target: string;
  options: Record<string, unknown>;
  check(host: SimulatedHost, report: RunReport, targetPath: string): Promise<void>;
}

const ubuntu = (fx: string) => ({ name: "Ubuntu", vhd: ext4Vhdx(fx, "ubuntu"), freeRanges: ext4Fixture().freeRanges, usedBytes: FIXTURE_USED_BYTES, defaultUid: 1000, default: true });
const debian = (fx: string) => ({ name: "Debian", vhd: ext4Vhdx(fx, "debian"), usedBytes: FIXTURE_USED_BYTES, defaultUid: 1000 });
const base = (extra: Partial<SimulatedHostOptions> = {}) => (fx: string): SimulatedHostOptions => ({
  distros: [ubuntu(fx)], wsl: { version: "2.5.10" }, windowsBuild: 22631, freeBytes: 2048 * MiB, ...extra,
});

const smaller = (r: RunReport) => assert.ok(r.sizeAfter < r.sizeBefore - 16 * MiB, `${r.sizeBefore} -> ${r.sizeAfter}`);
/** Ubuntu is registered once and nothing else of the user's is (Docker Desktop's own distros aside). */
const stillRegistered = async (host: SimulatedHost) =>
  assert.deepEqual((await registeredNames(host)).filter((n) => !n.startsWith("docker-desktop")), ["Ubuntu"]);

const SCENARIOS: Record<StrategyName, StrategyScenario> = {
  native: {
    plugin: nativePlugin, machine: base(), target: "Ubuntu", options: { yes: true },
    async check(host, r) {
      smaller(r);
      await stillRegistered(host);
    },
  },
  "export-import": {
    plugin: exportImportPlugin, machine: base(), target: "Ubuntu", options: { yes: true },
    async check(host, r, path) {
      assert.ok(r.sizeAfter < r.sizeBefore, `${r.sizeBefore} -> ${r.sizeAfter}`);
      await stillRegistered(host);
      assert.equal(await host.fs.exists(`${path}.vhdx-shrink-old`), false);
      assert.deepEqual((await host.fs.listDir(host.env("TEMP")!)).filter((n) => n.endsWith(".tar")), [], "the export was deleted");
    },
  },
  "unregister-only": {
    plugin: unregisterOnlyPlugin, machine: (fx) => ({ ...base()(fx), distros: [ubuntu(fx), debian(fx)] }), target: "Debian",
    options: { yes: true, iUnderstandDataLoss: true },
    async check(host, _r, path) {
      await stillRegistered(host);
      assert.equal(await host.fs.exists(path), false);
    },
  },
  sparse: {
    plugin: sparsePlugin, machine: base(), target: "Ubuntu", options: { yes: true, allowUnsafe: true },
    async check(host, _r, path) {
      assert.equal((await host.fs.stat(path))?.isSparse, true);
      await stillRegistered(host);
    },
  },
  diskpart: {
    plugin: diskpartPlugin, machine: base({ elevated: true }), target: "Ubuntu", options: { yes: true },
    async check(host, r) {
      smaller(r);
      assert.deepEqual((await host.machine.read()).attached, {}, "detached");
    },
  },
  "optimize-vhd": {
    plugin: optimizeVhdPlugin, machine: base({ elevated: true, hyperV: true }), target: "Ubuntu", options: { yes: true },
    async check(host, r, path) {
      smaller(r);
      assert.deepEqual((await host.machine.read()).attached, {}, "detached");
      assert.equal((await host.fs.stat(path))?.isSparse, false);
    },
  },
};

for (const strategy of ALL_STRATEGIES) {
  const sc = SCENARIOS[strategy];
  for (const profile of profilesFor(strategy)) {
    test(`${strategy} on the ${profile.name} machine ends as on the default machine`, async () => {
      await withSimulatedHost((fx) => profile.apply(sc.machine(fx)), async (host) => {
        const target = await targetNamed(host, sc.target);
        const report = await planAndRun(sc.plugin, contextFor(host, sc.options), target, recordingProgress());
        await sc.check(host, report, target.path);
        const docker = (await host.machine.read()).docker;
        if (docker.installed) assert.equal(docker.running, profile.name === "docker-current", "Docker Desktop is as it was before the run");
      });
    });
  }
}

test("the machine profiles change what they say: user folder, language, wsl.exe, Docker release, sparse flag", async () => {
  const built = async (name: string) => {
    const p = profilesFor("export-import").find((x) => x.name === name)!;
    return withSimulatedHost((fx) => p.apply(base()(fx)), async (host) => ({ state: await host.machine.read(), target: await targetNamed(host, "Ubuntu") }));
  };
  const spaced = await built("spaced-user");
  assert.match(spaced.target.path, /^C:\\Users\\Dev Usuário\\AppData\\Local\\wsl\\/);
  assert.equal(spaced.state.env.TEMP, "C:\\Users\\Dev Usuário\\AppData\\Local\\Temp");
  const german = await built("german");
  assert.equal(german.state.locale, "de-DE");
  assert.equal(german.state.oemCodePage, 850);
  const win10 = await built("win10-inbox");
  assert.equal(win10.state.wslVersion, "inbox");
  assert.equal(win10.state.windowsBuild, 19045);
  assert.equal((await built("docker-4.30")).state.docker.version, "4.30.0");
  const sparse = await built("sparse-vhdx");
  assert.equal(sparse.state.sparse[sparse.target.path.toLowerCase()], true);
});
