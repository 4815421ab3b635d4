import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { main } from "../main.ts";
import { makeEmptyVhdx, withSimulatedHost } from "../../tests/support/simulated.ts";
import { PosixHost } from "../../core/host/posix_host.ts";

function buffers() {
  const out: string[] = [], err: string[] = [];
  return {
    out, err,
    io: { stdout: { write: (t: string) => void out.push(t), isTTY: false, columns: 200 }, stderr: { write: (t: string) => void err.push(t), isTTY: false } },
  };
}

test("list --json reports every disk and the WSL version", async () => {
  await withSimulatedHost((fx) => ({ distros: [{ name: "Ubuntu", vhd: makeEmptyVhdx(join(fx, "u.vhdx")), default: true }], docker: { layout: "4.30" } }), async (host) => {
    const b = buffers();
    const code = await main(["list", "--json"], { ...b.io, host });
    assert.equal(code, 0, b.err.join(""));
    const doc = JSON.parse(b.out.join(""));
    assert.equal(doc.wsl.version, "2.3.26");
    assert.deepEqual(doc.targets.map((t: { name: string }) => t.name).sort(), ["Ubuntu", "docker-desktop", "docker_data.vhdx"]);
    assert.equal(typeof doc.targets[0].fileSize, "number");
  });
});

test("list prints a table with the default distro starred", async () => {
  await withSimulatedHost((fx) => ({ distros: [{ name: "Ubuntu", vhd: makeEmptyVhdx(join(fx, "u.vhdx")), default: true }] }), async (host) => {
    const b = buffers();
    assert.equal(await main(["list"], { ...b.io, host }), 0);
    const text = b.out.join("");
    assert.match(text, /^target\s+kind\s+owner\s+state\s+file size\s+on disk\s+virtual\s+sparse\s+path/);
    assert.match(text, /Ubuntu \*\s+distro\s+wsl\s+Stopped/);
  });
});

test("list off Windows explains that discovery needs Windows and exits 0", async () => {
  const b = buffers();
  assert.equal(await main(["list"], { ...b.io, host: new PosixHost() }), 0);
  assert.match(b.out.join(""), /needs Windows/);
});

test("list names Rancher Desktop's and Podman's distros by their engine (table and JSON)", async () => {
  await withSimulatedHost((fx) => ({ distros: [
    { name: "Ubuntu", vhd: makeEmptyVhdx(join(fx, "u.vhdx")), default: true },
    { name: "rancher-desktop", vhd: makeEmptyVhdx(join(fx, "r.vhdx")) }, { name: "rancher-desktop-data", vhd: makeEmptyVhdx(join(fx, "rd.vhdx")) },
    { name: "podman-machine-default", vhd: makeEmptyVhdx(join(fx, "p.vhdx")) },
  ] }), async (host) => {
    const b = buffers();
    assert.equal(await main(["list"], { ...b.io, host }), 0, b.err.join(""));
    const owner = (name: string) => new RegExp(`^${name}\\s+distro\\s+(\\S+)`, "m").exec(b.out.join(""))?.[1];
    assert.deepEqual(["Ubuntu \\*", "rancher-desktop", "rancher-desktop-data", "podman-machine-default"].map(owner), ["wsl", "rancher-desktop", "rancher-desktop", "podman"]);
    const j = buffers();
    assert.equal(await main(["list", "--json"], { ...j.io, host }), 0);
    const engines = Object.fromEntries((JSON.parse(j.out.join("")).targets as { name: string; engine?: string }[]).map((t) => [t.name, t.engine]));
    assert.deepEqual(engines, { Ubuntu: undefined, "rancher-desktop": "rancher-desktop", "rancher-desktop-data": "rancher-desktop", "podman-machine-default": "podman" });
  });
});
