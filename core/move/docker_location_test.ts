import { test } from "node:test";
import assert from "node:assert/strict";
import { restoreDockerDiskLocation, setDockerDiskLocation } from "./docker_location.ts";
import { findDockerDisks } from "../discover/docker_disks.ts";
import { RefusedError } from "../errors.ts";
import { withSimulatedHost } from "../../tests/support/simulated.ts";

const GiB = 1024 ** 3;
const NEW_ROOT = "E:\\Docker\\DockerDesktopWSL";
const NEW_DISK = `${NEW_ROOT}\\disk\\docker_data.vhdx`;

test("the disk image location is changed in settings-store.json with the other settings kept, discovery follows it, and restore puts the old value back", async () => {
  await withSimulatedHost(() => ({ docker: { layout: "custom", customDir: "D:\\DockerData" }, freeBytes: { C: 4 * GiB, D: 4 * GiB, E: 4 * GiB } }), async (host) => {
    const settingsFile = `${host.env("APPDATA")}\\Docker\\settings-store.json`;
    const oldDisk = (await findDockerDisks(host)).find((d) => d.relativePath === "disk\\docker_data.vhdx")!.path;
    assert.equal(oldDisk, "D:\\DockerData\\DockerDesktopWSL\\disk\\docker_data.vhdx");
    await host.fs.mkdir(`${NEW_ROOT}\\disk`);
    await host.fs.copyFile(oldDisk, NEW_DISK);
    const saved = await setDockerDiskLocation(host, NEW_ROOT);
    assert.deepEqual(saved, { file: settingsFile, key: "CustomWslDistroDir", previous: "D:\\DockerData" });
    assert.deepEqual(JSON.parse(await host.fs.readText(settingsFile)), { CustomWslDistroDir: NEW_ROOT, AutoStart: false });
    assert.ok((await findDockerDisks(host)).some((d) => d.path === NEW_DISK));
    assert.equal(await host.fs.exists(`${settingsFile}.vhdx-shrink.partial`), false);
    await restoreDockerDiskLocation(host, saved);
    assert.deepEqual(JSON.parse(await host.fs.readText(settingsFile)), { CustomWslDistroDir: "D:\\DockerData", AutoStart: false });
    assert.ok((await findDockerDisks(host)).some((d) => d.path === oldDisk));
  });
});

test("without a settings file one is written, and restore removes it again", async () => {
  await withSimulatedHost(() => ({ docker: { layout: "4.30" } }), async (host) => {
    const settingsFile = `${host.env("APPDATA")}\\Docker\\settings-store.json`;
    assert.equal(await host.fs.exists(settingsFile), false);
    const saved = await setDockerDiskLocation(host, NEW_ROOT);
    assert.equal(saved.previous, null);
    assert.deepEqual(JSON.parse(await host.fs.readText(settingsFile)), { CustomWslDistroDir: NEW_ROOT });
    await restoreDockerDiskLocation(host, saved);
    assert.equal(await host.fs.exists(settingsFile), false);
  });
});

test("a settings file that is not JSON is refused and left byte-identical", async () => {
  await withSimulatedHost(() => ({ docker: { layout: "custom", customDir: "D:\\DockerData" }, freeBytes: { C: 4 * GiB, D: 4 * GiB } }), async (host) => {
    const settingsFile = `${host.env("APPDATA")}\\Docker\\settings-store.json`;
    await host.fs.writeText(settingsFile, "{ half written");
    await assert.rejects(setDockerDiskLocation(host, NEW_ROOT), (e) => e instanceof RefusedError && /not readable JSON.*not changed$/.test(e.message));
    assert.equal(await host.fs.readText(settingsFile), "{ half written");
  });
});
