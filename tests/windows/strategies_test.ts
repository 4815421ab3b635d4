import { test } from "node:test";
import assert from "node:assert/strict";
import { skipReason } from "./suite.ts";
import { debian, distroDisk, GUID, MODERN, scenario, shown, ubuntu } from "./scenario.ts";
import { userEnv } from "./support/machine.ts";
import { winPathKey } from "../../simulated/win_path.ts";

const skip = skipReason() ?? false;
const opts = { skip, timeout: 300_000 };
const MiB = 1024 * 1024;
const UBUNTU = distroDisk(GUID.ubuntu);

test("native compacts Ubuntu's disk in place to about its used data, keeping the registration", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)] }));
  const before = sc.size(UBUNTU);
  const r = await sc.product(["--strategy", "native", "--target", "Ubuntu", "--yes"]);
  assert.equal(r.code, 0, shown(r));
  const after = sc.size(UBUNTU);
  assert.ok(after < sc.s.disks.ubuntu.usedBytes + 8 * MiB && after < before / 2, `${before} -> ${after}`);
  await sc.judge(UBUNTU, sc.s.disks.ubuntu);
  assert.equal((await sc.distros())[GUID.ubuntu]?.DistributionName, "Ubuntu");
});

test("native compacts Docker Desktop 4.30's docker_data.vhdx in place (a bare disk, no distro)", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, docker: { layout: "4.30", dataVhd: s.disks.dockerData.path } }));
  const data = `${userEnv().LOCALAPPDATA}\\Docker\\wsl\\disk\\docker_data.vhdx`;
  const before = sc.size(data);
  const r = await sc.product(["--strategy", "native", "--target", data, "--yes"]);
  assert.equal(r.code, 0, shown(r));
  const after = sc.size(data);
  assert.ok(after < sc.s.disks.dockerData.usedBytes + 8 * MiB && after < before / 2, `${before} -> ${after}`);
  await sc.judge(data, sc.s.disks.dockerData);
});

test("export-import swaps a compact disk under Ubuntu's registration and keeps its default user", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)] }));
  const before = sc.size(UBUNTU);
  const r = await sc.product(["--strategy", "export-import", "--target", "Ubuntu", "--yes"]);
  assert.equal(r.code, 0, shown(r));
  const after = sc.size(UBUNTU);
  assert.ok(after < before / 2, `${before} -> ${after}`);
  sc.judgeImported(UBUNTU);
  const distros = await sc.distros();
  assert.deepEqual(Object.keys(distros), [GUID.ubuntu], "no temporary distro is left registered");
  assert.equal(distros[GUID.ubuntu].DefaultUid, 1000);
  assert.equal(sc.exists(`${UBUNTU}.vhdx-shrink-old`), false);
});

test("unregister-only deletes Debian's registration and disk after the explicit confirmation flag", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s), debian(s)] }));
  const r = await sc.product(["--strategy", "unregister-only", "--target", "Debian", "--yes", "--i-understand-data-loss"]);
  assert.equal(r.code, 0, shown(r));
  assert.deepEqual(Object.keys(await sc.distros()), [GUID.ubuntu]);
  assert.equal(sc.exists(distroDisk(GUID.debian)), false);
  await sc.judge(UBUNTU, sc.s.disks.ubuntu);
});

test("sparse with --allow-unsafe sets the sparse flag on Ubuntu's disk through wsl --manage", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)] }));
  const r = await sc.product(["--strategy", "sparse", "--target", "Ubuntu", "--yes", "--allow-unsafe"]);
  assert.equal(r.code, 0, shown(r));
  assert.equal(sc.m.state().sparse[winPathKey(UBUNTU)], true);
  await sc.judge(UBUNTU, sc.s.disks.ubuntu);
  assert.equal((await sc.distros())[GUID.ubuntu]?.DistributionName, "Ubuntu");
});

for (const strategy of ["diskpart", "optimize-vhd"]) {
  test(`${strategy} trims Ubuntu, relaunches itself elevated through PowerShell and drops the zero and trimmed blocks`, opts, async () => {
    const sc = await scenario((s) => ({ ...MODERN, hyperV: true, distros: [ubuntu(s)] }));
    const before = sc.size(UBUNTU);
    const r = await sc.product(["--strategy", strategy, "--target", "Ubuntu", "--yes"]);
    assert.equal(r.code, 0, shown(r));
    const after = sc.size(UBUNTU);
    // The never-written blocks are all zero; after fstrim the blocks of the 16 MiB of deleted files go too.
    assert.ok(after < sc.s.disks.ubuntu.usedBytes + 8 * MiB && after < before / 2, `${before} -> ${after}`);
    await sc.judge(UBUNTU, sc.s.disks.ubuntu);
    assert.deepEqual(sc.m.state().attached, {}, "the disk is detached afterwards");
  });
}
