/**
 * The fleet commands on a simulated Windows machine with real VHDX files (qemu-img): `check`'s exit
 * codes and one line, `fix --unattended`'s result, exit codes, run lock and log, and that nothing
 * running is touched without --stop-wsl.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { makeDataVhdx, withSimulatedHost } from "../support/simulated.ts";
import { runCli } from "../support/cli.ts";
import type { SimulatedHost } from "../../simulated/mod.ts";
import { lockPathFor } from "../../core/hold/disk_hold.ts";
import { MAX_LINE_CHARS } from "../../core/fleet/one_line.ts";

/** Ubuntu stopped, Debian running; each disk holds 2 MiB of data and 30 MiB of allocated zeros (native drops them). */
const machine = (f: string) => ({
  distros: [
    { name: "Ubuntu", vhd: makeDataVhdx(join(f, "u.vhdx"), 2, 32) },
    { name: "Debian", running: true, vhd: makeDataVhdx(join(f, "d.vhdx"), 2, 32) },
  ],
});

async function pathOf(host: SimulatedHost, name: string): Promise<string> {
  const r = await runCli(["list", "--json"], host);
  return (JSON.parse(r.stdout) as { targets: { name: string; path: string }[] }).targets.find((t) => t.name === name)!.path;
}

/** The file's hash, read from the real file behind the simulated path (a running distro's disk is locked to the product). */
function digest(host: SimulatedHost, path: string): string {
  return createHash("sha256").update(readFileSync(host.fs.real(path))).digest("hex");
}

test("check exits 1 with one summary line when a disk reaches the threshold, and 0 when none does", async () => {
  await withSimulatedHost(machine, async (host) => {
    const over = await runCli(["check", "--threshold", "1MB"], host);
    assert.equal(over.code, 1, over.stderr);
    assert.equal(over.stderr, "", "exit 1 is the answer, not an error");
    assert.equal(over.stdout.split("\n").length, 2, over.stdout);
    assert.match(over.stdout, /^2 disks, \d+\.\d Mi?B reclaimable, 1 at or above 1\.0 Mi?B: Ubuntu \d+\.\d Mi?B, Debian \? \(in use\)\n$/);
    const under = await runCli(["check", "--threshold", "50GB"], host);
    assert.equal(under.code, 0, under.stderr);
    assert.match(under.stdout, /, 0 at or above 50\.0 Gi?B: Ubuntu /);
    const pct = await runCli(["check", "--threshold", "99%"], host);
    assert.equal(pct.code, 0, pct.stdout);
    const bad = await runCli(["check", "--threshold", "lots"], host);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--threshold lots is neither a size nor a percentage/);
  });
});

test("check --json is one document with every disk's figures and the same summary", async () => {
  await withSimulatedHost(machine, async (host) => {
    const r = await runCli(["check", "--threshold", "10%", "--json"], host);
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout) as { reclaimable: boolean; threshold: { percent: number }; summary: string; disks: { target: { name: string }; reclaimable: number | null; reachesThreshold: boolean; inUse: string | null }[] };
    assert.equal(doc.reclaimable, true);
    assert.deepEqual(doc.threshold, { percent: 10 });
    const ubuntu = doc.disks.find((d) => d.target.name === "Ubuntu")!;
    assert.ok(ubuntu.reclaimable! >= 1024 * 1024, String(ubuntu.reclaimable));
    assert.equal(ubuntu.reachesThreshold, true);
    assert.match(doc.disks.find((d) => d.target.name === "Debian")!.inUse ?? "", /Debian is running/);
    assert.match(doc.summary, /^2 disks, /);
  });
});

test("check's line stays under 2,048 characters with many long-named disks", async () => {
  const names = Array.from({ length: 30 }, (_, i) => `Distro-${i}-${"n".repeat(90)}`);
  await withSimulatedHost(() => ({ distros: names.map((name) => ({ name })) }), async (host) => {
    const r = await runCli(["check"], host);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split("\n").length, 2);
    assert.ok(r.stdout.length - 1 <= MAX_LINE_CHARS && r.stdout.length > 1900, `${r.stdout.length}`);
    assert.match(r.stdout, /, \+\d+ more\n$/);
  });
});

test("fix --unattended shrinks the stopped disk, leaves the running one byte-identical and running, exits 4 and logs", async () => {
  await withSimulatedHost(machine, async (host) => {
    const debian = await pathOf(host, "Debian");
    const ubuntu = await pathOf(host, "Ubuntu");
    const before = digest(host, debian);
    const sizeBefore = (await host.fs.stat(ubuntu))!.size;
    const r = await runCli(["fix", "--unattended", "--threshold", "1MB"], host);
    assert.equal(r.code, 4, r.stderr + r.stdout);
    assert.equal(r.stderr, "");
    assert.match(r.stdout, /^shrank 1 of 2 disks at or above 1\.0 MiB, \d+\.\d MiB given back: [^\n]*\n$/);
    assert.deepEqual(r.stdout.split(": ")[1].trim().split(", ").sort(), ["Debian skipped (in use)", `Ubuntu ${/given back/.test(r.stdout) ? r.stdout.split(", ")[1].split(" given")[0] : ""}`]);
    assert.ok((await host.fs.stat(ubuntu))!.size < sizeBefore - 1024 * 1024);
    assert.equal(digest(host, debian), before);
    assert.deepEqual((await host.machine.read()).running, ["Debian"]);
    const dir = `${host.env("LOCALAPPDATA")}\\vhdx-shrink`;
    const log = await host.fs.readText(`${dir}\\fix.log`);
    assert.match(log, /Ubuntu \(.*ext4\.vhdx\): shrunk \d+ bytes/);
    assert.match(log, /Debian \(.*\): skipped: Debian is running/);
    assert.match(log, /exit 4\n$/);
    assert.equal(await host.fs.exists(lockPathFor(`${dir}\\fix`)), false, "the run lock is released");
    const again = await runCli(["fix", "--unattended", "--threshold", "1MB", "--target", "Ubuntu"], host);
    assert.equal(again.code, 0, again.stdout);
    assert.match(again.stdout, /^nothing to do: 1 disk, none can give back 1\.0 Mi?B\n$/);
  });
});

test("fix --unattended --stop-wsl stops WSL for the run and shrinks the running distro's disk", async () => {
  await withSimulatedHost(machine, async (host) => {
    const debian = await pathOf(host, "Debian");
    const sizeBefore = (await host.fs.stat(debian))!.size;
    const r = await runCli(["fix", "--unattended", "--threshold", "1MB", "--stop-wsl", "--target", "Debian"], host);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^shrank 1 of 1 disk at or above 1\.0 Mi?B, \d+\.\d Mi?B given back: Debian /);
    assert.ok((await host.fs.stat(debian))!.size < sizeBefore - 1024 * 1024);
  });
});

test("fix exits 5 and changes nothing while another fix run holds the lock; without --unattended it is a usage error", async () => {
  await withSimulatedHost(machine, async (host) => {
    const dir = `${host.env("LOCALAPPDATA")}\\vhdx-shrink`;
    const ubuntu = await pathOf(host, "Ubuntu");
    const before = digest(host, ubuntu);
    await host.fs.mkdir(dir);
    // A live run's lock: the test runner's pid (alive) on this machine.
    const lock = await host.fs.open(lockPathFor(`${dir}\\fix`), "create");
    await lock.write(0, new TextEncoder().encode(JSON.stringify({ program: "vhdx-shrink", pid: process.ppid, host: hostname(), started: new Date().toISOString(), token: "other" })));
    await lock.close();
    const r = await runCli(["fix", "--unattended", "--threshold", "1MB"], host);
    assert.equal(r.code, 5, r.stdout + r.stderr);
    assert.match(r.stdout, /^another vhdx-shrink fix is running .*nothing was changed\n$/);
    assert.equal(r.stderr, "", "nothing on stderr: Intune counts it as a script error");
    assert.equal(digest(host, ubuntu), before);
    const plain = await runCli(["fix"], host);
    assert.equal(plain.code, 2);
    assert.match(plain.stderr, /fix runs only with --unattended/);
  });
});

test("fix --unattended leaves Docker Desktop's disk alone while Docker Desktop runs, and --stop-wsl shrinks it and starts Docker Desktop again", async () => {
  await withSimulatedHost((f) => ({ docker: { layout: "4.30", running: true, dataVhd: makeDataVhdx(join(f, "data.vhdx"), 2, 32) } }), async (host) => {
    const data = await pathOf(host, "docker_data.vhdx");
    const before = digest(host, data);
    const r = await runCli(["fix", "--unattended", "--threshold", "1MB"], host);
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.match(r.stdout, /docker_data\.vhdx skipped \(in use\)\n$/);
    assert.equal(digest(host, data), before);
    assert.equal((await host.machine.read()).docker.running, true);
    const stopped = await runCli(["fix", "--unattended", "--threshold", "1MB", "--stop-wsl"], host);
    assert.equal(stopped.code, 0, stopped.stdout + stopped.stderr);
    assert.match(stopped.stdout, /^shrank 1 of 1 disk .*: docker_data\.vhdx \d/);
    assert.notEqual(digest(host, data), before);
    assert.equal((await host.machine.read()).docker.running, true, "Docker Desktop is started again");
  });
});

test("a user without WSL or Docker disks is compliant: check exits 0 and fix has nothing to do", async () => {
  await withSimulatedHost(() => ({}), async (host) => {
    const c = await runCli(["check"], host);
    assert.equal(c.code, 0, c.stderr);
    assert.equal(c.stdout, "0 disks: no WSL distro or Docker Desktop disk found for this user\n");
    const f = await runCli(["fix", "--unattended", "--json"], host);
    assert.equal(f.code, 0, f.stderr);
    const doc = JSON.parse(f.stdout) as { exitCode: number; summary: string; disks: unknown[] };
    assert.deepEqual([doc.exitCode, doc.disks.length], [0, 0]);
    assert.match(doc.summary, /^nothing to do: 0 disks/);
  });
});
