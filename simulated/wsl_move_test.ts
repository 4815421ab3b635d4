import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { makeDataVhdx, withSimulatedHost } from "../tests/support/simulated.ts";
import { mustRun } from "../tests/support/tools.ts";
import { LXSS_KEY } from "./mod.ts";
import type { SimulatedHost } from "./mod.ts";

const GUID = "{11111111-2222-3333-4444-555555555555}";
const OLD_DIR = "C:\\Users\\me\\AppData\\Local\\wsl\\ubuntu";
const OLD_DISK = `${OLD_DIR}\\ext4.vhdx`;
const NEW_DIR = "D:\\WSL\\Ubuntu";
const NEW_DISK = `${NEW_DIR}\\ext4.vhdx`;
const MiB = 1024 * 1024;

const machine = (extra: Record<string, unknown> = {}) => (fx: string) => ({
  distros: [{ name: "Ubuntu", guid: GUID, basePath: OLD_DIR, vhd: makeDataVhdx(join(fx, "u.vhdx"), 3), ...extra }],
  freeBytes: { C: 10 * 1024 * MiB, D: 10 * 1024 * MiB },
});

const sha = (host: SimulatedHost, path: string) => createHash("sha256").update(readFileSync(host.fs.real(path))).digest("hex");
const basePath = async (host: SimulatedHost) => (await host.registry.values(`${LXSS_KEY}\\${GUID}`))?.BasePath;

test("wsl --manage --move moves the disk to another drive, keeps its name and bytes, and rewrites BasePath", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const before = sha(host, OLD_DISK);
    const r = await host.exec("wsl", ["--manage", "Ubuntu", "--move", NEW_DIR]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await host.fs.exists(OLD_DISK), false);
    assert.equal(sha(host, NEW_DISK), before);
    assert.equal(await basePath(host), NEW_DIR);
    mustRun("qemu-img", ["check", "-f", "vhdx", host.fs.real(NEW_DISK)]);
  });
});

test("wsl --manage --move refuses a running distro and leaves the disk where it was", async () => {
  await withSimulatedHost(machine({ running: true }), async (host) => {
    const r = await host.exec("wsl", ["--manage", "Ubuntu", "--move", NEW_DIR]);
    assert.equal(r.code, -1);
    assert.match(r.stderr, /vhd is currently in use[\s\S]*Wsl\/Service\/MoveDistro\/WSL_E_DISTRO_NOT_STOPPED/);
    assert.equal(await host.fs.exists(OLD_DISK), true);
    assert.equal(await host.fs.exists(NEW_DISK), false);
    assert.equal(await basePath(host), OLD_DIR);
  });
});

test("wsl --manage --move to a drive without room fails with ERROR_DISK_FULL; the original stays registered and whole", async () => {
  await withSimulatedHost((fx) => ({ ...machine()(fx), freeBytes: { C: 10 * 1024 * MiB, D: MiB } }), async (host) => {
    const before = sha(host, OLD_DISK);
    const r = await host.exec("wsl", ["--manage", "Ubuntu", "--move", NEW_DIR]);
    assert.equal(r.code, -1);
    assert.match(r.stderr, /not enough space[\s\S]*MoveDistro\/ERROR_DISK_FULL/);
    assert.equal(sha(host, OLD_DISK), before);
    assert.equal(await host.fs.exists(NEW_DISK), false);
    assert.equal(await basePath(host), OLD_DIR);
  });
});

test("wsl --manage --move refuses a folder that already holds a file of the disk's name", async () => {
  await withSimulatedHost(machine(), async (host) => {
    await host.fs.mkdir(NEW_DIR);
    await host.fs.writeText(NEW_DISK, "someone else's file");
    const r = await host.exec("wsl", ["--manage", "Ubuntu", "--move", NEW_DIR]);
    assert.equal(r.code, -1);
    assert.match(r.stderr, /MoveDistro\/ERROR_ALREADY_EXISTS/);
    assert.equal(await host.fs.readText(NEW_DISK), "someone else's file");
    assert.equal(await basePath(host), OLD_DIR);
  });
});

test("when BasePath cannot be written the service moves the disk back (fault moveRegistryFails)", async () => {
  await withSimulatedHost((fx) => ({ ...machine()(fx), faults: { moveRegistryFails: true } }), async (host) => {
    const before = sha(host, OLD_DISK);
    const r = await host.exec("wsl", ["--manage", "Ubuntu", "--move", NEW_DIR]);
    assert.equal(r.code, -1);
    assert.match(r.stderr, /Access is denied\.[\s\S]*Wsl\/Service\/MoveDistro\/E_ACCESSDENIED/);
    assert.equal(sha(host, OLD_DISK), before);
    assert.equal(await host.fs.exists(NEW_DISK), false);
    assert.equal(await basePath(host), OLD_DIR);
  });
});

test("wsl --manage --move refuses a WSL 1 distro with E_NOTIMPL", async () => {
  await withSimulatedHost(() => ({ distros: [{ name: "Old", guid: GUID, basePath: OLD_DIR, wsl1: true }] }), async (host) => {
    const r = await host.exec("wsl", ["--manage", "Old", "--move", NEW_DIR]);
    assert.equal(r.code, -1);
    assert.match(r.stderr, /MoveDistro\/E_NOTIMPL/);
    assert.equal(await basePath(host), OLD_DIR);
  });
});
