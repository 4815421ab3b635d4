/**
 * The .exe asks Windows through its API (core/host/win32/), and under Wine those calls reach Wine's
 * own registry, token, process and service implementations and its share-mode checks. Three
 * scenarios, one per locale (Wine takes its ANSI and OEM code pages from LC_ALL): pl-PL (a Polish
 * user's registry paths, a read-only disk, a limited token), de-DE (a stand-in service registered
 * with Wine's `sc create` holding Docker's disk), en-US (a stand-in program holding a disk the way a
 * VHD attach does, and the run's own hold keeping it out).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { chmodSync, copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { skipReason } from "./suite.ts";
import { MODERN, scenario, shown, ubuntu } from "./scenario.ts";
import type { Scenario } from "./scenario.ts";
import { cacheDir } from "./support/binaries.ts";
import { findWine, runInPrefix, wineEnv, zPath } from "./support/prefix.ts";
import { buildStandin } from "./emulator/desktop_process.ts";

const skip = skipReason() ?? false;
const opts = { skip, timeout: 300_000 };

/** Wine's own sc.exe (the emulated one answers `query` only and comes first on WINEPATH). */
const WINE_SC = "C:\\windows\\system32\\sc.exe";

/** The stand-in holder (tests/windows/standin/standin.c), built with MinGW when its source is newer. */
const standin = (): string => buildStandin(cacheDir());

/** Starts the stand-in (or a copy of it, `exe`) in the background; resolves with its first stdout line and a way to end it. */
function startStandin(sc: Scenario, args: string[], exe = standin()): Promise<{ line: string; done: Promise<string>; stop(): void }> {
  const child = spawn(findWine()!, [exe, ...args], { env: wineEnv(sc.m.env), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const done = new Promise<string>((resolve) => child.on("close", () => resolve(out)));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString("utf8");
      if (out.includes("\n")) resolve({ line: out.split("\n")[0].trim(), done, stop: () => child.kill() });
    });
    void done.then(() => resolve({ line: out.trim(), done, stop: () => {} }));
  });
}

interface Listed {
  targets: { name: string; path: string; fileSize: number | null; state: string }[];
}

test("pl-PL (limited token): a Polish user's distro is found through the registry, and a read-only disk is not taken for one in use", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)], userName: "Michał Żółw" }));
  const env = { LC_ALL: "pl_PL.UTF-8" };
  const disk = (JSON.parse((await sc.product(["list", "--json"], env)).stdout) as Listed).targets.find((t) => t.name === "Ubuntu");
  assert.ok(disk, "Ubuntu is listed");
  assert.match(disk.path, /Michał Żółw/);
  assert.ok(disk.fileSize !== null && disk.fileSize > 0, `its disk is found: ${JSON.stringify(disk)}`);
  chmodSync(sc.m.real(disk.path), 0o444);
  try {
    const r = await sc.product(["list", "--json"], env);
    assert.equal(r.code, 0, shown(r));
    const again = (JSON.parse(r.stdout) as Listed).targets.find((t) => t.name === "Ubuntu");
    assert.equal(again?.state, "Stopped", shown(r));
  } finally {
    chmodSync(sc.m.real(disk.path), 0o644);
  }
});

test("de-DE: a service registered with Wine's sc create that holds docker_data.vhdx, and a process named Docker Desktop.exe, are named by doctor; diskpart stops the service and starts it again through the Service Control Manager", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, elevated: true, hyperV: true, distros: [ubuntu(s)], docker: { layout: "4.30", dataVhd: s.disks.dockerData.path } }));
  const env = { LC_ALL: "de_DE.UTF-8" };
  const data = `${sc.m.env.LOCALAPPDATA}\\Docker\\wsl\\disk\\docker_data.vhdx`;
  const created = await runInPrefix(WINE_SC, ["create", "com.docker.service", "binPath=", `${zPath(standin())} service com.docker.service ${data}`]);
  assert.equal(created.code, 0, created.stdout + created.stderr);
  // A copy of the stand-in named as Docker Desktop's process, holding a scratch file of its own.
  const desktopExe = join(cacheDir(), "Docker Desktop.exe");
  copyFileSync(standin(), desktopExe);
  writeFileSync(join(cacheDir(), "scratch.bin"), "x");
  const desktop = await startStandin(sc, ["hold", zPath(join(cacheDir(), "scratch.bin")), "60000"], desktopExe);
  assert.equal(desktop.line, "held");
  try {
    const started = await runInPrefix(WINE_SC, ["start", "com.docker.service"]);
    assert.equal(started.code, 0, started.stdout + started.stderr);
    const r = await sc.product(["doctor", "--json"], env);
    const checks = (JSON.parse(r.stdout) as { checks: { id: string; title: string; detail?: string }[] }).checks;
    const locked = checks.find((c) => c.id === "locked" && c.title.startsWith("docker_data.vhdx:"));
    assert.ok(locked, shown(r));
    assert.match(locked.detail ?? "", /com\.docker\.service, state: running/, shown(r));
    assert.match(locked.detail ?? "", /Docker Desktop\.exe \(PID \d+\)/, shown(r));
    desktop.stop();
    await desktop.done;
    // The strategy stops the service through ControlService (Wine's Service Control Manager), compacts, starts it again.
    const shrink = await sc.product(["--strategy", "diskpart", "--target", "docker_data.vhdx", "--yes"], env);
    assert.equal(shrink.code, 0, shown(shrink));
    assert.match(shrink.stdout, /com\.docker\.service\) was stopped while the disk was in use and started again/, shown(shrink));
    const after = await sc.product(["doctor", "--json"], env);
    assert.match(after.stdout, /com\.docker\.service, state: running/, shown(after));
  } finally {
    desktop.stop();
    await desktop.done;
    await runInPrefix(WINE_SC, ["stop", "com.docker.service"]);
    await runInPrefix(WINE_SC, ["delete", "com.docker.service"]);
  }
});

test("en-US: a program holding the disk as a VHD attach does makes compact refuse before it writes; while compact runs, that program's open fails", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)] }));
  const env = { LC_ALL: "en_US.UTF-8" };
  const disk = sc.disk("{5b6a1e1c-0000-4000-8000-000000000001}");
  const before = sc.sha256(disk);
  const holder = await startStandin(sc, ["hold", disk, "60000"]);
  assert.equal(holder.line, "held");
  try {
    const refused = await sc.product(["compact", disk, "--yes"], env);
    assert.notEqual(refused.code, 0, shown(refused));
    assert.match(refused.stderr, /in use by another program/, shown(refused));
  } finally {
    holder.stop();
    await holder.done;
  }
  assert.equal(sc.sha256(disk), before, "the disk is byte-identical");
  const probe = spawn(findWine()!, [standin(), "probe", disk, `${disk}.vhdx-shrink.lock`, "120000"], { env: wineEnv(sc.m.env), stdio: ["ignore", "pipe", "pipe"] });
  let seen = "";
  probe.stdout.on("data", (c: Buffer) => void (seen += c.toString("utf8")));
  const probed = new Promise<void>((resolve) => probe.on("close", () => resolve()));
  const r = await sc.product(["compact", disk, "--yes"], env);
  await probed;
  assert.equal(r.code, 0, shown(r));
  assert.equal(seen.trim(), "sharing-violation", "the stand-in could not open the disk while compact held it");
  await sc.judge(disk, sc.s.disks.ubuntu);
});
