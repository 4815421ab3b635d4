/**
 * `vhdx-shrink move` on a simulated Windows machine with real ext4 VHDX files: a distro is shrunk in
 * place and moved by `wsl --manage --move`, Docker Desktop's data disk is shrunk, copied and switched
 * over through CustomWslDistroDir; judged by `qemu-img check`, `e2fsck -fn`, the registration and the
 * setting. A destination without room, a failing `--move` and a dry run change nothing they must not.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { withSimulatedHost } from "../support/simulated.ts";
import { mustRun, toRaw, withTempDir } from "../support/tools.ts";
import { runCli } from "../support/cli.ts";
import { writeSampleDisk } from "../../samples/write_sample_disk.ts";
import { readRegisteredDistros } from "../../core/discover/wsl_registry.ts";
import { dockerCustomDir } from "../../core/discover/docker_disks.ts";
import type { SimulatedHost } from "../../simulated/mod.ts";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const OLD_DIR = "C:\\wsl\\Ubuntu";
const OLD_DISK = `${OLD_DIR}\\ext4.vhdx`;
const NEW_DIR = "D:\\WSL\\Ubuntu";
const NEW_DISK = `${NEW_DIR}\\ext4.vhdx`;
const DOCKER_DISK = "C:\\Users\\me\\AppData\\Local\\Docker\\wsl\\disk\\docker_data.vhdx";
const DOCKER_ROOT = "D:\\Docker\\DockerDesktopWSL";
const DOCKER_NEW = `${DOCKER_ROOT}\\disk\\docker_data.vhdx`;

/** Ubuntu (stopped) and Docker Desktop 4.30 on copies of the sample ext4 disk; D: has `dFree` bytes free. */
function machine(opts: { dFree?: number; faults?: Record<string, boolean>; wsl?: string; dockerRunning?: boolean } = {}) {
  return async <T>(fn: (host: SimulatedHost) => Promise<T>): Promise<T> => {
    let fixtures = "";
    return await withSimulatedHost((dir) => {
      fixtures = dir;
      return {};
    }, async (_unused, tmp) => {
      const a = join(fixtures, "ubuntu.vhdx");
      const b = join(fixtures, "data.vhdx");
      await writeSampleDisk(a);
      await writeSampleDisk(b);
      const { SimulatedHost } = await import("../../simulated/mod.ts");
      const host = await SimulatedHost.create(join(tmp, "home"), {
        distros: [{ name: "Ubuntu", basePath: OLD_DIR, vhd: a }],
        docker: { layout: "4.30", dataVhd: b, running: opts.dockerRunning ?? false },
        wsl: { version: opts.wsl ?? "2.3.26" },
        freeBytes: { C: 20 * GiB, D: opts.dFree ?? 20 * GiB },
        ...(opts.faults ? { faults: opts.faults } : {}),
      });
      return fn(host);
    });
  };
}

const sha = (host: SimulatedHost, path: string) => createHash("sha256").update(readFileSync(host.fs.real(path))).digest("hex");
const ubuntuBase = async (host: SimulatedHost) => (await readRegisteredDistros(host)).find((d) => d.name === "Ubuntu")?.basePath;
const fileSize = (host: SimulatedHost, path: string) => statSync(host.fs.real(path)).size;

/** The judges: qemu-img check on the VHDX and e2fsck -fn on the ext4 inside it. */
async function judge(host: SimulatedHost, path: string): Promise<void> {
  mustRun("qemu-img", ["check", "-f", "vhdx", host.fs.real(path)]);
  await withTempDir(async (dir) => {
    const raw = join(dir, "disk.raw");
    toRaw(host.fs.real(path), raw);
    mustRun("e2fsck", ["-fn", raw]);
  });
}

test("move Ubuntu --to D:\\WSL\\Ubuntu shrinks in place, then WSL moves it and the registration points at the new folder", async () => {
  await machine()(async (host) => {
    const before = fileSize(host, OLD_DISK);
    const r = await runCli(["move", "Ubuntu", "--to", NEW_DIR], host);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await ubuntuBase(host), NEW_DIR);
    assert.equal(await host.fs.exists(OLD_DISK), false);
    await judge(host, NEW_DISK);
    assert.ok(fileSize(host, NEW_DISK) < before, `${fileSize(host, NEW_DISK)} < ${before}`);
  });
});

test("move docker_data.vhdx --to D:\\Docker shrinks it, copies it under DockerDesktopWSL, points Docker at it and removes the old file", async () => {
  await machine({ dockerRunning: true })(async (host) => {
    const before = fileSize(host, DOCKER_DISK);
    const r = await runCli(["move", "docker_data.vhdx", "--to", "D:\\Docker"], host);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await dockerCustomDir(host), DOCKER_ROOT);
    assert.equal(await host.fs.exists(DOCKER_DISK), false);
    assert.equal(await host.fs.exists(`${DOCKER_NEW}.partial`), false);
    await judge(host, DOCKER_NEW);
    assert.ok(fileSize(host, DOCKER_NEW) < before, `${fileSize(host, DOCKER_NEW)} < ${before}`);
  });
});

test("a destination without room for the shrunk disk is refused before anything changes", async () => {
  await machine({ dFree: MiB })(async (host) => {
    const ubuntu = sha(host, OLD_DISK);
    const docker = sha(host, DOCKER_DISK);
    const r = await runCli(["move", "Ubuntu", "--to", NEW_DIR], host);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /free, the shrunk copy needs up to .*nothing was written/);
    assert.equal(sha(host, OLD_DISK), ubuntu);
    assert.equal(await ubuntuBase(host), OLD_DIR);
    const rd = await runCli(["move", "docker_data.vhdx", "--to", "D:\\Docker"], host);
    assert.notEqual(rd.code, 0);
    assert.match(rd.stderr, /nothing was written/);
    assert.equal(sha(host, DOCKER_DISK), docker);
    assert.equal(await dockerCustomDir(host), null);
    assert.equal(await host.fs.exists(DOCKER_ROOT), false);
  });
});

test("when WSL cannot write the registration (moveRegistryFails) the distro stays registered where it was, on an intact disk", async () => {
  await machine({ faults: { moveRegistryFails: true } })(async (host) => {
    const r = await runCli(["move", "Ubuntu", "--to", NEW_DIR], host);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /WSL could not move it .*still registered at C:\\wsl\\Ubuntu, where its disk opens/);
    assert.equal(await ubuntuBase(host), OLD_DIR);
    assert.equal(await host.fs.exists(NEW_DISK), false);
    await judge(host, OLD_DISK);
  });
});

test("a WSL without --manage --move is refused in one line and nothing changes", async () => {
  await machine({ wsl: "inbox" })(async (host) => {
    const ubuntu = sha(host, OLD_DISK);
    const r = await runCli(["move", "Ubuntu", "--to", NEW_DIR], host);
    assert.notEqual(r.code, 0);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /no --manage --move/);
    assert.equal(sha(host, OLD_DISK), ubuntu);
  });
});

test("--dry-run prints the steps that run and changes nothing", async () => {
  await machine()(async (host) => {
    const ubuntu = sha(host, OLD_DISK);
    const docker = sha(host, DOCKER_DISK);
    const r = await runCli(["move", "Ubuntu", "--to", NEW_DIR, "--dry-run"], host);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /1\. shrink C:\\wsl\\Ubuntu\\ext4\.vhdx in place[\s\S]*2\. wsl --manage Ubuntu --move D:\\WSL\\Ubuntu/);
    const rd = await runCli(["move", "docker_data.vhdx", "--to", "D:\\Docker", "--dry-run", "--json"], host);
    assert.equal(rd.code, 0, rd.stderr);
    const doc = JSON.parse(rd.stdout) as { steps: string[]; to: string };
    assert.equal(doc.to, DOCKER_NEW);
    assert.equal(doc.steps.length, 6);
    assert.match(doc.steps[3], /rename it to D:\\Docker\\DockerDesktopWSL\\disk\\docker_data\.vhdx/);
    assert.equal(sha(host, OLD_DISK), ubuntu);
    assert.equal(sha(host, DOCKER_DISK), docker);
    assert.equal(await ubuntuBase(host), OLD_DIR);
    assert.equal(await dockerCustomDir(host), null);
    assert.equal(await host.fs.exists("D:\\WSL"), false);
  });
});

test("when Docker's settings cannot be written the copy is removed and the old disk stays where Docker looks for it", async () => {
  await machine()(async (host) => {
    const settings = `${host.env("APPDATA")}\\Docker\\settings-store.json`;
    await host.fs.mkdir(`${host.env("APPDATA")}\\Docker`);
    await host.fs.writeText(settings, "{ not json");
    const r = await runCli(["move", "docker_data.vhdx", "--to", "D:\\Docker"], host);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr, /not moved .*settings-store\.json is not readable JSON/);
    assert.equal(await host.fs.readText(settings), "{ not json");
    assert.equal(await host.fs.exists(DOCKER_NEW), false);
    assert.equal(await host.fs.exists(`${DOCKER_NEW}.partial`), false);
    await judge(host, DOCKER_DISK);
  });
});

test("the steps a dry run prints are the steps the run reports", async () => {
  await machine()(async (host) => {
    const dry = await runCli(["move", "Ubuntu", "--to", NEW_DIR, "--dry-run", "--json"], host);
    assert.equal(dry.code, 0, dry.stderr);
    const done = await runCli(["move", "Ubuntu", "--to", NEW_DIR, "--json"], host);
    assert.equal(done.code, 0, done.stderr);
    const steps = (s: string) => (JSON.parse(s) as { steps: string[] }).steps;
    assert.equal(steps(dry.stdout).length, 3);
    assert.deepEqual(steps(done.stdout), steps(dry.stdout));
    assert.equal(await ubuntuBase(host), NEW_DIR);
  });
});
