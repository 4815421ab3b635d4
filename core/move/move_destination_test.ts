import { test } from "node:test";
import assert from "node:assert/strict";
import { win32 } from "node:path";
import { moveDestination, requireDestinationSpace } from "./move_destination.ts";
import { RefusedError, UsageError } from "../errors.ts";
import type { Target } from "../domain/target.ts";
import { withSimulatedHost } from "../../tests/support/simulated.ts";

const host = { path: win32 };
const MiB = 1024 * 1024;
const ubuntu: Target = { kind: "distro", owner: "wsl", name: "Ubuntu", path: "C:\\Users\\me\\AppData\\Local\\wsl\\{1}\\ext4.vhdx" };
const dockerData: Target = { kind: "disk", owner: "docker", name: "docker_data.vhdx", path: "C:\\Users\\me\\AppData\\Local\\Docker\\wsl\\disk\\docker_data.vhdx" };

test("a distro's disk keeps its file name in the new folder and is switched over with wsl --manage --move", () => {
  const custom: Target = { ...ubuntu, path: "C:\\wsl\\Ubuntu\\Ubuntu.vhdx" };
  assert.deepEqual(moveDestination(host, custom, "D:\\WSL\\Ubuntu\\"), {
    dir: "D:\\WSL\\Ubuntu",
    diskPath: "D:\\WSL\\Ubuntu\\Ubuntu.vhdx",
    switchOver: { kind: "wsl-move", distro: "Ubuntu", location: "D:\\WSL\\Ubuntu" },
  });
});

test("Docker's data disk goes under <dir>\\DockerDesktopWSL\\disk, and the setting keeps DockerDesktopWSL exactly once", () => {
  const fresh = moveDestination(host, dockerData, "D:\\Docker");
  assert.equal(fresh.diskPath, "D:\\Docker\\DockerDesktopWSL\\disk\\docker_data.vhdx");
  assert.deepEqual(fresh.switchOver, { kind: "docker-setting", customWslDistroDir: "D:\\Docker\\DockerDesktopWSL" });
  const given = moveDestination(host, dockerData, "D:\\Docker\\DockerDesktopWSL");
  assert.equal(given.diskPath, "D:\\Docker\\DockerDesktopWSL\\disk\\docker_data.vhdx");
});

test("a relative --to, the disk's own folder and a disk that is not a distro or Docker's data disk are usage errors", () => {
  assert.throws(() => moveDestination(host, ubuntu, "WSL"), (e) => e instanceof UsageError && /full folder path/.test(e.message));
  assert.throws(() => moveDestination(host, ubuntu, "c:\\users\\me\\appdata\\local\\wsl\\{1}"), (e) => e instanceof UsageError && /already lives in/.test(e.message));
  const file: Target = { kind: "disk", owner: "file", name: "x.vhdx", path: "C:\\x.vhdx" };
  assert.throws(() => moveDestination(host, file, "D:\\WSL"), (e) => e instanceof UsageError && /only a WSL distro/.test(e.message));
  const dockerMain: Target = { kind: "distro", owner: "docker", name: "docker-desktop", path: "C:\\Users\\me\\AppData\\Local\\Docker\\wsl\\main\\ext4.vhdx" };
  assert.throws(() => moveDestination(host, dockerMain, "D:\\WSL"), UsageError);
});

test("the destination's free space is read from the nearest existing folder and a short drive is refused with both numbers", async () => {
  await withSimulatedHost(() => ({ freeBytes: { C: 1024 * MiB, D: 64 * MiB } }), async (sim) => {
    // D:\WSL\Ubuntu does not exist yet: the free space of D:\ answers.
    assert.equal(await requireDestinationSpace(sim, "D:\\WSL\\Ubuntu", 10 * MiB), 64 * MiB);
    await assert.rejects(requireDestinationSpace(sim, "D:\\WSL\\Ubuntu", 100 * MiB), (e) =>
      e instanceof RefusedError && /^D:\\WSL\\Ubuntu: 64(\.0)? MiB free, the shrunk copy needs up to 100(\.0)? MiB; nothing was written$/.test(e.message));
    assert.equal(await sim.fs.exists("D:\\WSL"), false);
  });
});
