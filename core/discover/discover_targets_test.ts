import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeEmptyVhdx, withSimulatedHost } from "../../tests/support/simulated.ts";
import { discoverTargets } from "./mod.ts";
import { PosixHost } from "../host/posix_host.ts";

const MiB = 1024 * 1024;

test("distros from the registry, Docker 4.30 disks and a \\\\?\\ BasePath are found once each with their sizes", async () => {
  await withSimulatedHost((fx) => ({
    distros: [
      { name: "Ubuntu", vhd: makeEmptyVhdx(join(fx, "u.vhdx"), 64), default: true, defaultUid: 1000, running: true },
      { name: "Arch", vhd: makeEmptyVhdx(join(fx, "a.vhdx"), 32), basePath: "D:\\wsl\\Arch", longPathPrefix: true, sparse: true },
      { name: "Old", wsl1: true },
    ],
    docker: { layout: "4.30", running: false },
    freeBytes: { C: 50 * 1024 * MiB, D: 10 * 1024 * MiB },
  }), async (host) => {
    const { targets, wsl } = await discoverTargets(host);
    assert.equal(wsl.version, "2.3.26");
    const byName = new Map(targets.map((t) => [t.name, t]));
    assert.deepEqual([...byName.keys()].sort(), ["Arch", "Old", "Ubuntu", "docker-desktop", "docker_data.vhdx"]);
    const ubuntu = byName.get("Ubuntu")!;
    assert.equal(ubuntu.state, "Running");
    assert.equal(ubuntu.isDefault, true);
    assert.equal(ubuntu.kind === "distro" ? ubuntu.defaultUid : undefined, 1000);
    assert.equal(ubuntu.virtualSize, null, "the running VM holds the file, so its metadata cannot be read");
    assert.ok(ubuntu.fileSize! > 0);
    const arch = byName.get("Arch")!;
    assert.equal(arch.path, "D:\\wsl\\Arch\\ext4.vhdx");
    assert.equal(arch.isSparse, true);
    assert.equal(arch.virtualSize, 32 * MiB);
    assert.equal(byName.get("Old")!.shrinkable, false);
    assert.match(byName.get("Old")!.note!, /WSL1/);
    const dockerDistro = byName.get("docker-desktop")!;
    assert.equal(dockerDistro.kind, "distro");
    assert.equal(dockerDistro.owner, "docker");
    assert.match(dockerDistro.path, /\\Docker\\wsl\\main\\ext4\.vhdx$/);
    const data = byName.get("docker_data.vhdx")!;
    assert.equal(data.kind, "disk");
    assert.equal(data.owner, "docker");
    assert.match(data.path, /\\Docker\\wsl\\disk\\docker_data\.vhdx$/);
  });
});

test("legacy Docker layout yields both registered Docker distros and no duplicates", async () => {
  await withSimulatedHost(() => ({ docker: { layout: "legacy", running: true } }), async (host) => {
    const { targets } = await discoverTargets(host);
    assert.deepEqual(targets.map((t) => `${t.name}:${t.kind}:${t.owner}`).sort(), ["docker-desktop-data:distro:docker", "docker-desktop:distro:docker"]);
    assert.equal(new Set(targets.map((t) => t.path.toLowerCase())).size, 2);
    assert.equal(targets.find((t) => t.name === "docker-desktop")!.running, true);
  });
});

test("a custom Docker location from settings-store.json is found", async () => {
  await withSimulatedHost(() => ({ docker: { layout: "custom", customDir: "D:\\Docker", running: false }, freeBytes: { C: 1e10, D: 1e10 } }), async (host) => {
    const { targets } = await discoverTargets(host);
    const data = targets.find((t) => t.kind === "disk")!;
    assert.equal(data.path, "D:\\Docker\\DockerDesktopWSL\\disk\\docker_data.vhdx");
    assert.equal(targets.filter((t) => t.path.startsWith("D:\\Docker")).length, 2);
  });
});

test("a custom Docker location already ending in DockerDesktopWSL (as Docker's settings store it) is found without a second DockerDesktopWSL", async () => {
  await withSimulatedHost(() => ({ docker: { layout: "custom", customDir: "E:\\Moved\\DockerDesktopWSL", running: false }, freeBytes: { C: 1e10, E: 1e10 } }), async (host) => {
    const { targets } = await discoverTargets(host);
    assert.deepEqual(targets.filter((t) => t.owner === "docker").map((t) => t.path).sort(),
      ["E:\\Moved\\DockerDesktopWSL\\disk\\docker_data.vhdx", "E:\\Moved\\DockerDesktopWSL\\main\\ext4.vhdx"]);
  });
});

test("the inbox wsl.exe gives a null version, and WSL_UTF8=1 output still parses", async () => {
  await withSimulatedHost((fx) => ({ distros: [{ name: "U", vhd: makeEmptyVhdx(join(fx, "u.vhdx")), running: true }], wsl: { version: "inbox" }, env: { WSL_UTF8: "1" } }), async (host) => {
    const { targets, wsl } = await discoverTargets(host);
    assert.equal(wsl.version, null);
    assert.equal(targets[0].state, "Running");
  });
});

test("discovery on a non-Windows host returns nothing", async () => {
  assert.deepEqual(await discoverTargets(new PosixHost()), { targets: [], wsl: { version: null }, warnings: [] });
});
