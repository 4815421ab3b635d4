import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeEmptyVhdx, withSimulatedHost } from "../../tests/support/simulated.ts";
import { listDistroNames, listDistros } from "./list.ts";
import { setSparse } from "./sparse.ts";
import { WslCommandError } from "./wsl_error.ts";
import type { Host } from "../host/host.ts";

const LXSS = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss";
const ubuntuKey = async (host: Host) => `${LXSS}\\${(await host.registry.subkeys(LXSS))[0]}`;

test("the in-box wsl.exe with no distro registered lists none, although it prints no Error code line", async () => {
  await withSimulatedHost(() => ({ distros: [], wsl: { version: "inbox" } }), async (host) => {
    const raw = await host.exec("wsl.exe", ["--list", "--quiet"], { encoding: "utf16le" });
    assert.notEqual(raw.code, 0);
    assert.doesNotMatch(raw.stderr + raw.stdout, /Error code/);
    assert.deepEqual(await listDistros(host), []);
    assert.deepEqual(await listDistroNames(host), []);
  });
});

test("a failing in-box wsl --list while the registry holds distros is still a failure", async () => {
  await withSimulatedHost((fx) => ({ distros: [{ name: "Ubuntu", vhd: makeEmptyVhdx(join(fx, "u.vhdx")) }], wsl: { version: "inbox" }, faults: { listFails: true } }), async (host) => {
    await assert.rejects(listDistros(host), (e: unknown) => e instanceof WslCommandError && /listing WSL distros failed/.test(e.message));
  });
});

test("--allow-unsafe reaches wsl.exe only from 2.5.8: on 2.3.26 the disk is made sparse without it", async () => {
  await withSimulatedHost((fx) => ({ distros: [{ name: "Ubuntu", vhd: makeEmptyVhdx(join(fx, "u.vhdx")) }], wsl: { version: "2.3.26" } }), async (host) => {
    const disk = (await host.registry.values(await ubuntuKey(host))).BasePath as string;
    assert.equal((await host.fs.stat(`${disk}\\ext4.vhdx`))?.isSparse, false);
    assert.equal(await setSparse(host, "Ubuntu", true, true), "done");
    assert.equal((await host.fs.stat(`${disk}\\ext4.vhdx`))?.isSparse, true);
    const listed = await host.exec("wsl.exe", ["--manage", "Ubuntu", "--set-sparse", "true", "--allow-unsafe"], { encoding: "utf16le" });
    assert.match(listed.stderr, /Invalid command line argument: --allow-unsafe/, "the emulated 2.3.26 does not know the flag");
  });
  await withSimulatedHost((fx) => ({ distros: [{ name: "Ubuntu", vhd: makeEmptyVhdx(join(fx, "u.vhdx")) }], wsl: { version: "2.5.9" } }), async (host) => {
    assert.equal(await setSparse(host, "Ubuntu", true, false), "unsafe-gate");
    assert.equal(await setSparse(host, "Ubuntu", true, true), "done");
  });
});
