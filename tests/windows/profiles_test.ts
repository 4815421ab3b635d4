/**
 * The machine-profile matrix under Wine: each strategy's ordinary scenario, run by the real .exe, on
 * the profiles whose difference crosses a process boundary (simulated/profiles.ts `wine`): a user
 * folder with a space and `á` in every path on the command line, German tool output in code page
 * 850, the in-box wsl.exe of Windows 10, Docker Desktop 4.30 and a current one, a sparse VHDX.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { skipReason } from "./suite.ts";
import { debian, GUID, MODERN, scenario, shown, ubuntu } from "./scenario.ts";
import type { Scenario } from "./scenario.ts";
import { ALL_STRATEGIES, wineProfilesFor } from "../../simulated/profiles.ts";
import type { StrategyName } from "../../simulated/profiles.ts";
import type { SimulatedHostOptions } from "../../simulated/build.ts";
import type { Suite } from "./suite.ts";
import { winPathKey } from "../../simulated/win_path.ts";

const skip = skipReason() ?? false;
const opts = { skip, timeout: 300_000 };
const MiB = 1024 * 1024;

/** One strategy's scenario: machine, command line, and what must hold afterwards. */
interface WineStrategyScenario {
  machine: (s: Suite) => SimulatedHostOptions;
  args: string[];
  check(sc: Scenario, before: number): Promise<void>;
}

const registeredUbuntuOnly = async (sc: Scenario) => {
  const mine = Object.entries(await sc.distros()).filter(([, v]) => !String(v.DistributionName).startsWith("docker-desktop"));
  assert.deepEqual(mine.map(([guid]) => guid), [GUID.ubuntu], "Ubuntu is registered once and no temporary distro is left");
};
/** Ubuntu's disk is less than half its size and passes qemu-img check, e2fsck -fn and the file comparison. */
const compacted = async (sc: Scenario, before: number) => {
  const after = sc.size(sc.disk(GUID.ubuntu));
  assert.ok(after < before / 2, `${before} -> ${after}`);
  await sc.judge(sc.disk(GUID.ubuntu), sc.s.disks.ubuntu);
};
/** Ubuntu's disk was not rewritten by the strategy, and is still whole. */
const intact = (sc: Scenario) => sc.judge(sc.disk(GUID.ubuntu), sc.s.disks.ubuntu);

const SCENARIOS: Record<StrategyName, WineStrategyScenario> = {
  native: {
    machine: (s) => ({ ...MODERN, distros: [ubuntu(s)] }),
    args: ["--strategy", "native", "--target", "Ubuntu", "--yes"],
    async check(sc, before) {
      await compacted(sc, before);
      await registeredUbuntuOnly(sc);
    },
  },
  "export-import": {
    machine: (s) => ({ ...MODERN, distros: [ubuntu(s)] }),
    args: ["--strategy", "export-import", "--target", "Ubuntu", "--yes"],
    async check(sc, before) {
      const after = sc.size(sc.disk(GUID.ubuntu));
      assert.ok(after < before / 2, `${before} -> ${after}`);
      sc.judgeImported(sc.disk(GUID.ubuntu));
      await registeredUbuntuOnly(sc);
      assert.equal((await sc.distros())[GUID.ubuntu].DefaultUid, 1000);
    },
  },
  "unregister-only": {
    machine: (s) => ({ ...MODERN, distros: [ubuntu(s), debian(s)] }),
    args: ["--strategy", "unregister-only", "--target", "Debian", "--yes", "--i-understand-data-loss"],
    async check(sc) {
      await registeredUbuntuOnly(sc);
      assert.equal(sc.exists(sc.disk(GUID.debian)), false);
      await intact(sc);
    },
  },
  sparse: {
    machine: (s) => ({ ...MODERN, distros: [ubuntu(s)] }),
    args: ["--strategy", "sparse", "--target", "Ubuntu", "--yes", "--allow-unsafe"],
    async check(sc) {
      assert.equal(sc.m.state().sparse[winPathKey(sc.disk(GUID.ubuntu))], true);
      await intact(sc);
      await registeredUbuntuOnly(sc);
    },
  },
  diskpart: {
    machine: (s) => ({ ...MODERN, hyperV: true, distros: [ubuntu(s)] }),
    args: ["--strategy", "diskpart", "--target", "Ubuntu", "--yes"],
    async check(sc, before) {
      await compacted(sc, before);
      assert.deepEqual(sc.m.state().attached, {}, "the disk is detached afterwards");
    },
  },
  "optimize-vhd": {
    machine: (s) => ({ ...MODERN, hyperV: true, distros: [ubuntu(s)] }),
    args: ["--strategy", "optimize-vhd", "--target", "Ubuntu", "--yes"],
    async check(sc, before) {
      await compacted(sc, before);
      assert.deepEqual(sc.m.state().attached, {}, "the disk is detached afterwards");
    },
  },
};

for (const strategy of ALL_STRATEGIES) {
  for (const profile of wineProfilesFor(strategy)) {
    test(`${strategy} on the ${profile.name} machine ends as on the default machine`, opts, async () => {
      const sc = await scenario(SCENARIOS[strategy].machine, profile);
      const before = sc.size(sc.disk(GUID.ubuntu));
      const r = await sc.product(SCENARIOS[strategy].args);
      assert.equal(r.code, 0, shown(r));
      await SCENARIOS[strategy].check(sc, before);
      const docker = sc.m.state().docker;
      if (docker.installed) assert.equal(docker.running, profile.name === "docker-current", "Docker Desktop is as it was before the run");
    });
  }
}
