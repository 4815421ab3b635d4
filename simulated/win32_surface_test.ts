import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeEmptyVhdx, withSimulatedHost } from "../tests/support/simulated.ts";
import { runCli } from "../tests/support/cli.ts";
import { LXSS_KEY } from "./mod.ts";
import { findRegistration, setDefaultUid } from "../core/wsl/default_uid.ts";
import { dockerDesktopPid } from "../core/docker_desktop/docker_desktop.ts";

const ubuntu = (fx: string) => ({ name: "Ubuntu", vhd: makeEmptyVhdx(join(fx, "u.vhdx")), defaultUid: 1000, default: true, usedBytes: 2 * 1024 * 1024 });

test("a Polish user's distro (C:\\Users\\Michał Żółw, OEM code page 437) is found on its disk: the registry is read as stored, never through a code page", async () => {
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx)], userName: "Michał Żółw" }), async (host) => {
    const reg = await findRegistration(host, "Ubuntu");
    assert.ok(reg);
    assert.match(reg.basePath, /\\Users\\Michał Żółw\\AppData\\Local\\/);
    const r = await runCli(["list", "--json"], host);
    assert.equal(r.code, 0, r.stderr);
    const t = (JSON.parse(r.stdout) as { targets: { name: string; path: string; fileSize: number | null }[] }).targets.find((x) => x.name === "Ubuntu");
    assert.ok(t, r.stdout);
    assert.match(t.path, /Michał Żółw/);
    assert.ok(t.fileSize !== null && t.fileSize > 0, r.stdout);
  });
});

test("DefaultUid is written into the registration's key as a DWORD, and a missing key is an error naming the command to run by hand", async () => {
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx)] }), async (host) => {
    await setDefaultUid(host, "Ubuntu", 1001);
    const reg = await findRegistration(host, "Ubuntu");
    assert.equal(reg?.defaultUid, 1001);
    assert.equal((await host.registry.values(`${LXSS_KEY}\\${reg!.guid}`)).DefaultUid, 1001);
    await assert.rejects(host.registry.setDword(`${LXSS_KEY}\\{00000000-0000-0000-0000-000000000000}`, "DefaultUid", 0), /ERROR_FILE_NOT_FOUND/);
  });
});

test("elevation is the token's: an elevated machine whose Server service is stopped (net session fails) is elevated, and VHDX_SHRINK_LIMITED_TOKEN=1 makes it limited", async () => {
  await withSimulatedHost(() => ({ elevated: true, faults: { serverServiceStopped: true } }), async (host) => {
    assert.equal((await host.exec("net", ["session"])).code, 2);
    assert.equal(await host.isElevated(), true);
  });
  await withSimulatedHost(() => ({ elevated: true, env: { VHDX_SHRINK_LIMITED_TOKEN: "1" } }), async (host) => {
    assert.equal(await host.isElevated(), false);
  });
  await withSimulatedHost(() => ({ elevated: false }), async (host) => {
    assert.equal(await host.isElevated(), false);
  });
});

test("the process snapshot lists Docker Desktop with its pid only while it runs", async () => {
  await withSimulatedHost(() => ({ docker: { layout: "4.30" as const, running: true } }), async (host) => {
    assert.equal(await dockerDesktopPid(host), 12345);
    const backend = (await host.processes()).find((p) => p.name === "com.docker.backend.exe");
    assert.equal(backend?.parentPid, 12345);
    await host.machine.update((s) => void (s.docker.running = false));
    assert.equal(await dockerDesktopPid(host), null);
  });
});
