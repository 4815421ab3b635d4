/**
 * Export-import killed at each of its steps (a power cut: from that point the process does nothing
 * more, its clean-up never runs), then the same command again: the second run says in one line
 * what it found, clears it, and completes; the distro is registered once and its disk passes
 * `qemu-img check`. A leftover whose run is still alive is never touched.
 * @module
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { withSimulatedHost } from "../support/simulated.ts";
import { mustRun, toRaw, withTempDir } from "../support/tools.ts";
import { join } from "node:path";
import { exportImportPlugin } from "../../plugins/export-import/mod.ts";
import { clearLeftovers, recordPathFor } from "../../plugins/export-import/leftovers.ts";
import type { JobRecord } from "../../plugins/export-import/leftovers.ts";
import { findRegistration } from "../../core/wsl/default_uid.ts";
import { RefusedError } from "../../core/errors.ts";
import { formatBytes } from "../../core/units.ts";
import { endRun } from "../../core/hold/run_stamp.ts";
import { lockPathFor } from "../../core/hold/disk_hold.ts";
import { runCli } from "../support/cli.ts";
import { hostname } from "node:os";
import { planAndRun } from "../../core/plugin/run_steps.ts";
import type { Progress, Target } from "../../core/plugin/types.ts";
import { chunkObservers } from "../../simulated/tools/tool.ts";
import type { SimulatedHost, SimulatedHostOptions } from "../../simulated/mod.ts";
import { contextFor, ext4Vhdx, FIXTURE_USED_BYTES, hashOf, MiB, registeredNames, targetNamed } from "./support.ts";

const machine = (fx: string): SimulatedHostOptions => ({
  distros: [
    { name: "Ubuntu", vhd: ext4Vhdx(fx, "ubuntu"), usedBytes: FIXTURE_USED_BYTES, defaultUid: 1000, default: true, running: true },
    { name: "Debian", vhd: ext4Vhdx(fx, "debian"), usedBytes: FIXTURE_USED_BYTES, basePath: "D:\\wsl\\Debian", defaultUid: 1001 },
  ],
  freeBytes: { C: 1024 * MiB, D: 1024 * MiB },
});

/** A progress that keeps its notes (the leftover line is one). */
function notingProgress(): Progress & { notes: string[]; phases: string[] } {
  const notes: string[] = [];
  const phases: string[] = [];
  return { notes, phases, phase: (l) => void phases.push(l), update: () => undefined, note: (m) => void notes.push(m) };
}

/**
 * The simulated host as one process sees it, until {@link Killable.kill}: from then on every file,
 * registry and program call of that process never returns (nor does one in flight), as when the
 * process is killed. `after` is told of each call that completed, to kill right after one.
 */
interface Killable {
  host: SimulatedHost;
  kill(): void;
  /** Resolves once killed and every call that was in flight has finished underneath. */
  dead: Promise<void>;
}

function killable(real: SimulatedHost, after: (k: Killable, call: string, args: unknown[]) => void): Killable {
  let killed = false;
  let pending = 0;
  let onDead!: () => void;
  const dead = new Promise<void>((r) => (onDead = r));
  const never = () => new Promise<never>(() => undefined);
  const settle = () => {
    if (killed && pending === 0) onDead();
  };
  const guard = <T extends object>(obj: T, prefix: string): T =>
    new Proxy(obj, {
      get(t, p) {
        const v = Reflect.get(t, p, t) as unknown;
        if (typeof v !== "function") return v;
        return (...args: unknown[]) => {
          if (killed) return never();
          const out = (v as (...a: unknown[]) => unknown).apply(t, args);
          if (!(out instanceof Promise)) return out;
          pending++;
          return out.then(
            (x) => {
              pending--;
              if (!killed) after(k, `${prefix}${String(p)}`, args);
              settle();
              return killed ? never() : x;
            },
            (e) => {
              pending--;
              settle();
              return killed ? never() : Promise.reject(e);
            },
          );
        };
      },
    });
  const fs = guard(real.fs, "fs.");
  const registry = guard(real.registry, "registry.");
  const top = guard(real, "");
  const host = new Proxy(real, {
    get(t, p) {
      if (p === "fs") return fs;
      if (p === "registry") return registry;
      return Reflect.get(top, p, t);
    },
  });
  const k: Killable = {
    host,
    dead,
    kill() {
      killed = true;
      queueMicrotask(settle);
    },
  };
  return k;
}

/** A point to kill the first run at. */
interface KillPoint {
  name: string;
  /** Arms the kill: returns the progress the first run reports to. */
  arm(k: Killable, target: Target, abortTools: AbortController): Progress;
  /** What the second run's leftover line says it did. */
  found: RegExp;
  /** True when the first run had already swapped a compact disk in: the second has nothing left to reclaim. */
  alreadyShrunk?: boolean;
}

const atPhase = (prefix: string) => (k: Killable): Progress => {
  const p = notingProgress();
  return { ...p, phase: (l, total) => (p.phase(l, total), l.startsWith(prefix) ? k.kill() : undefined) };
};

/** Kills at the `n`th chunk a program handles in the phase starting with `prefix`; `toolsToo` stops the program as well. */
const atChunk = (prefix: string, n: number, toolsToo: boolean) => (k: Killable, _t: Target, tools: AbortController): Progress => {
  const p = notingProgress();
  let seen = 0;
  const observe = () => {
    if (++seen < n) return;
    chunkObservers.delete(observe);
    k.kill();
    if (toolsToo) tools.abort();
  };
  return { ...p, phase: (l, total) => (p.phase(l, total), l.startsWith(prefix) ? void chunkObservers.add(observe) : undefined) };
};

const points: KillPoint[] = [
  { name: "half-way through the export (wsl.exe stopped too: a partial tar)", arm: atChunk("exporting", 2, true), found: /deleted the export .*\.tar/ },
  { name: "while the export is being checked", arm: atPhase("checking the export"), found: /deleted the export .*\.tar/ },
  { name: "half-way through the import (wsl.exe stopped too)", arm: atChunk("importing", 2, true), found: /deleted the export/ },
  { name: "during the import, which wsl.exe finishes on its own", arm: atChunk("importing", 2, false), found: /unregistered the temporary distro vhdx-shrink-\w+; deleted the export/ },
  { name: "before the swap", arm: atPhase("swapping"), found: /unregistered the temporary distro vhdx-shrink-\w+; deleted the export/ },
  {
    name: "after the new disk was moved into place, before the distro started on it",
    arm: (k, t) => {
      afterCalls.set(k, (call, args) => {
        if (call === "fs.rename" && args[1] === t.path) k.kill();
      });
      return notingProgress();
    },
    found: /put the original disk back from .*\.vhdx-shrink-old; unregistered the temporary distro/,
  },
  {
    name: "after the distro started on the new disk, before the original was handed over",
    arm: (k, t) => {
      let records = 0;
      afterCalls.set(k, (call, args) => {
        // The record is renamed into place three times: started, swapping, swapped.
        if (call === "fs.rename" && args[1] === recordPathFor(t.path) && ++records === 3) k.kill();
      });
      return notingProgress();
    },
    found: /finished the swap \(deleted the original disk .*\.vhdx-shrink-old.*\); unregistered the temporary distro .*; deleted the export/,
    alreadyShrunk: true,
  },
  {
    name: "after the temporary distro was unregistered, before the export was deleted",
    arm: (k) => {
      afterCalls.set(k, (call, args) => {
        const a = args[1] as string[];
        if (call === "exec" && a[0] === "--unregister" && /^vhdx-shrink-/.test(a[1])) k.kill();
      });
      return notingProgress();
    },
    found: /: deleted the export .*\.tar \(/,
    alreadyShrunk: true,
  },
];

/** Per-run hooks on completed calls (set by a kill point's `arm`). */
const afterCalls = new Map<Killable, (call: string, args: unknown[]) => void>();

/** Names in the disk's folder and in %TEMP% that an export-import run creates. */
async function ourFiles(host: SimulatedHost, target: Target): Promise<string[]> {
  const dir = host.path.dirname(target.path);
  const temp = host.env("TEMP")!;
  const names = [...await host.fs.listDir(dir), ...await host.fs.listDir(temp)];
  return names.filter((n) => /vhdx-shrink/i.test(n));
}

/** Runs export-import on Ubuntu until `point` kills it; returns once the process is dead. */
async function killedRun(host: SimulatedHost, point: KillPoint): Promise<void> {
  const target = await targetNamed(host, "Ubuntu");
  const tools = new AbortController();
  const k = killable(host, (kk, call, args) => afterCalls.get(kk)?.(call, args));
  const progress = point.arm(k, target, tools);
  const run = planAndRun(exportImportPlugin, contextFor(k.host, { yes: true }, { signal: tools.signal }), target, progress);
  const finished = run.then(() => "finished", (e: Error) => `failed: ${e.message}`);
  const outcome = await Promise.race([k.dead.then(() => "killed"), finished]);
  assert.equal(outcome, "killed", "the kill point was reached");
  afterCalls.delete(k);
  // The process is gone: its run no longer lives in this one's memory either.
  const record = JSON.parse(await host.fs.readText(recordPathFor(target.path))) as JobRecord;
  endRun(record.stamp);
}

for (const point of points) {
  test(`export-import killed ${point.name}: the same command again reports the leftover, clears it and completes`, async () => {
    await withSimulatedHost(machine, async (host) => {
      const before = await findRegistration(host, "Ubuntu");
      const originalSize = (await host.fs.stat((await targetNamed(host, "Ubuntu")).path))!.size;
      await killedRun(host, point);
      assert.ok((await ourFiles(host, await targetNamed(host, "Ubuntu"))).length > 0, "the killed run left something");
      const target = await targetNamed(host, "Ubuntu");
      const progress = notingProgress();
      const again = planAndRun(exportImportPlugin, contextFor(host, { yes: true }), target, progress);
      if (point.alreadyShrunk) {
        await assert.rejects(again, /not smaller than the original .* there is nothing to reclaim/);
      } else {
        await again;
      }
      const size = (await host.fs.stat(target.path))!.size;
      assert.ok(size < originalSize, `the distro runs on a compact disk: ${size} < ${originalSize}`);
      const line = progress.notes.filter((n) => /^found what an interrupted export-import run left/.test(n));
      assert.equal(line.length, 1, progress.notes.join("\n"));
      assert.match(line[0], /\(pid \d+, started \S+, no longer running\): /);
      assert.match(line[0], point.found);
      assert.deepEqual((await registeredNames(host)).sort(), ["Debian", "Ubuntu"], "each distro registered once, no temporary distro");
      const after = await findRegistration(host, "Ubuntu");
      assert.equal(after?.guid, before?.guid);
      assert.equal(after?.defaultUid, 1000);
      mustRun("qemu-img", ["check", "-f", "vhdx", host.fs.real(target.path)]);
      assert.deepEqual(await ourFiles(host, target), [], "nothing of either run is left");
    });
  });
}

test("a leftover whose run is still alive in this process is never touched: the second run refuses", async () => {
  await withSimulatedHost(machine, async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const hash = hashOf(host, target.path);
    // Frozen at the export's second chunk without dying: its stamp stays live.
    const k = killable(host, () => undefined);
    const tools = new AbortController();
    const progress = atChunk("exporting", 2, true)(k, target, tools);
    void planAndRun(exportImportPlugin, contextFor(k.host, { yes: true }, { signal: tools.signal }), target, progress);
    await k.dead;
    const record = await host.fs.readText(recordPathFor(target.path));
    const { tarPath } = JSON.parse(record) as JobRecord;
    const tarSize = (await host.fs.stat(tarPath))?.size;
    assert.ok(tarSize && tarSize > 0, "the frozen run's partial tar is there");
    await assert.rejects(planAndRun(exportImportPlugin, contextFor(host, { yes: true }), target, notingProgress()), (e: Error) => {
      assert.ok(e instanceof RefusedError, `${e.constructor.name}: ${e.message}`);
      assert.match(e.message, new RegExp(`an export-import run \\(pid ${process.pid} .*\\) is still working on Ubuntu; its export .* are left alone and nothing was changed`));
      return true;
    });
    assert.equal((await host.fs.stat(tarPath))?.size, tarSize);
    assert.equal(await host.fs.readText(recordPathFor(target.path)), record);
    assert.equal(hashOf(host, target.path), hash);
  });
});

/** A record as another process would have written it, with its temporaries. */
async function foreignLeftover(host: SimulatedHost, target: Target, pid: number): Promise<string> {
  const tarPath = host.path.join(host.env("TEMP")!, "Ubuntu.vhdx-shrink-other.tar");
  await host.fs.writeText(tarPath, "not a whole tar");
  const record: JobRecord = {
    stamp: { program: "vhdx-shrink", pid, host: hostname(), started: "2026-01-01T00:00:00.000Z", token: "feed" },
    disk: target.path, stage: "started", tarPath, tempName: "vhdx-shrink-other", tempDir: host.path.join(host.path.dirname(target.path), "vhdx-shrink-other"),
  };
  await host.fs.writeText(recordPathFor(target.path), JSON.stringify(record));
  return tarPath;
}

test("a leftover of another process that still runs is never touched; one whose process has exited is cleared", async () => {
  await withSimulatedHost(machine, async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    // The parent process (the test runner) is alive.
    const liveTar = await foreignLeftover(host, target, process.ppid);
    await assert.rejects(planAndRun(exportImportPlugin, contextFor(host, { yes: true }), target, notingProgress()), new RegExp(`pid ${process.ppid} .* is still working on Ubuntu`));
    assert.equal(await host.fs.readText(liveTar), "not a whole tar");
    // A process that has exited: its pid no longer runs.
    const exited = spawnSync(process.execPath, ["-e", ""]).pid;
    assert.ok(exited);
    const deadTar = await foreignLeftover(host, target, exited!);
    const progress = notingProgress();
    const report = await planAndRun(exportImportPlugin, contextFor(host, { yes: true }), target, progress);
    assert.ok(report.sizeAfter < report.sizeBefore);
    assert.ok(progress.notes.some((n) => n.includes(`(pid ${exited}, started 2026-01-01T00:00:00.000Z, no longer running): deleted the export ${deadTar}`)), progress.notes.join("\n"));
    assert.equal(await host.fs.exists(deadTar), false);
    assert.deepEqual(await ourFiles(host, target), []);
  });
});

/** The lock file of a run in another process that is still running (the test runner's parent). */
async function liveLock(host: SimulatedHost, disk: string): Promise<string> {
  const lock = lockPathFor(disk);
  await host.fs.writeText(lock, JSON.stringify({ program: "vhdx-shrink", pid: process.ppid, host: hostname(), started: "2026-01-01T00:00:00.000Z", token: "other" }));
  return lock;
}

test("the default command refuses a disk another run holds, and with --wait waits for it, then runs", async () => {
  await withSimulatedHost(machine, async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const hash = hashOf(host, target.path);
    const lock = await liveLock(host, target.path);
    const argv = ["--strategy", "export-import", "--target", "Ubuntu", "--yes"];
    const refused = await runCli(argv, host);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, new RegExp(`held by another vhdx-shrink run \\(pid ${process.ppid} .*nothing was changed\\. Wait for it to finish, or pass --wait`));
    assert.equal(hashOf(host, target.path), hash);
    assert.match(await host.fs.readText(lock), /"token":"other"/, "the other run's lock is left as it was");
    assert.match((await runCli([...argv, "--wait", "soon"], host)).stderr, /--wait takes a number of seconds, not "soon"/);
    // The other run ends (its lock goes) when this one tries the lock a second time, after saying it waits.
    let tries = 0;
    const fs = new Proxy(host.fs, {
      get(t, p) {
        const v = Reflect.get(t, p, t) as unknown;
        if (p !== "open" || typeof v !== "function") return typeof v === "function" ? v.bind(t) : v;
        return async (path: string, mode: string) => {
          if (path === lock && mode === "create" && ++tries === 2) await t.remove(lock);
          return (v as (a: string, b: string) => Promise<unknown>).call(t, path, mode);
        };
      },
    });
    const waiting = new Proxy(host, {
      get(t, p) {
        if (p === "fs") return fs;
        const v = Reflect.get(t, p, t) as unknown;
        return typeof v === "function" ? v.bind(t) : v;
      },
    });
    const r = await runCli([...argv, "--wait"], waiting);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(tries, 2, "one refused try, one after the other run ended");
    assert.match(r.stderr, new RegExp(`waiting: .*held by another vhdx-shrink run \\(pid ${process.ppid}`));
    assert.notEqual(hashOf(host, target.path), hash, "the run replaced the disk with the compact one");
    assert.equal(await host.fs.exists(lock), false, "the run let go of its own lock");
  });
});

test("doctor lists a killed export-import run's record and partial tar, and diskpart's script folder under the Windows folder's Temp, with sizes", async () => {
  await withSimulatedHost(machine, async (host) => {
    await killedRun(host, points[0]);
    const target = await targetNamed(host, "Ubuntu");
    const { tarPath } = JSON.parse(await host.fs.readText(recordPathFor(target.path))) as JobRecord;
    const scripts = host.path.join(host.env("SystemRoot")!, "Temp", "vhdx-shrink-0a1b2c3d");
    await host.fs.mkdir(scripts);
    await host.fs.writeText(host.path.join(scripts, "diskpart.txt"), "d".repeat(2048));
    const r = await runCli(["doctor", "--json"], host);
    const found = (JSON.parse(r.stdout) as { checks: { id: string; status: string; title: string }[] }).checks.filter((c) => c.id === "leftover");
    const titles = found.map((c) => c.title).join("\n");
    const tarSize = formatBytes((await host.fs.stat(tarPath))!.size);
    assert.ok(titles.includes(`${tarPath}: ${tarSize} left by an interrupted vhdx-shrink run`), titles);
    assert.ok(titles.includes(`${recordPathFor(target.path)}: `), titles);
    assert.ok(titles.includes(`${scripts}: 2.0 KiB left by an interrupted vhdx-shrink run`), titles);
  });
});

test("export-import killed between moving the original disk aside and the new one in: the re-run refuses, doctor says to move the original back, then the re-run clears the rest and completes", async () => {
  await withSimulatedHost(machine, async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const hash = hashOf(host, target.path);
    const old = `${target.path}.vhdx-shrink-old`;
    await killedRun(host, {
      name: "after the first rename of the swap",
      arm: (k, t) => {
        afterCalls.set(k, (call, args) => {
          if (call === "fs.rename" && args[0] === t.path) k.kill();
        });
        return notingProgress();
      },
      found: /./,
    });
    assert.equal(await host.fs.exists(target.path), false);
    assert.equal(hashOf(host, old), hash, "the original disk is whole under its temporary name");
    await assert.rejects(planAndRun(exportImportPlugin, contextFor(host, { yes: true }), target, notingProgress()), /does not exist; nothing was changed/);
    const r = await runCli(["doctor", "--json"], host);
    const check = (JSON.parse(r.stdout) as { checks: { id: string; status: string; title: string; fix?: string }[] }).checks.find((c) => c.title.startsWith(old));
    assert.equal(check?.status, "fail");
    assert.match(check?.title ?? "", /the original disk of an interrupted export-import run, and .*ext4\.vhdx is missing/);
    assert.equal(check?.fix, `run wsl --shutdown, then move ${old} back to ${target.path}; then the same command again clears the rest`);
    // Doing what doctor says.
    await host.fs.rename(old, target.path);
    assert.equal(hashOf(host, target.path), hash);
    const progress = notingProgress();
    await planAndRun(exportImportPlugin, contextFor(host, { yes: true }), target, progress);
    assert.ok(progress.notes.some((n) => /no longer running\): unregistered the temporary distro vhdx-shrink-\w+; deleted the export/.test(n)), progress.notes.join("\n"));
    assert.deepEqual((await registeredNames(host)).sort(), ["Debian", "Ubuntu"]);
    mustRun("qemu-img", ["check", "-f", "vhdx", host.fs.real(target.path)]);
    assert.deepEqual(await ourFiles(host, target), []);
  });
});

test("--reimport killed after the import, before the default user was set: the re-run sets it back, keeps the tar it was imported from, and completes", async () => {
  await withSimulatedHost(machine, async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const tools = new AbortController();
    const k = killable(host, (_k, call, args) => {
      const a = args[1] as string[];
      if (call === "exec" && a[0] === "--import" && a[1] === "Ubuntu") k.kill();
    });
    void planAndRun(exportImportPlugin, contextFor(k.host, { yes: true, reimport: true }, { signal: tools.signal }), target, notingProgress());
    await k.dead;
    const record = JSON.parse(await host.fs.readText(recordPathFor(target.path))) as JobRecord;
    endRun(record.stamp);
    assert.equal(record.stage, "reimporting");
    assert.equal((await findRegistration(host, "Ubuntu"))?.defaultUid, 0, "the killed run re-imported Ubuntu as root");
    const progress = notingProgress();
    await planAndRun(exportImportPlugin, contextFor(host, { yes: true, reimport: true }), await targetNamed(host, "Ubuntu"), progress);
    const line = progress.notes.find((n) => n.startsWith("found what an interrupted export-import run left"));
    assert.match(line ?? "", /set Ubuntu's default user back to uid 1000; kept the export .*\.tar \(.*\): Ubuntu was re-imported from it; delete it once Ubuntu works/);
    assert.equal((await findRegistration(host, "Ubuntu"))?.defaultUid, 1000, "the second re-import restored the default user");
    assert.ok(await host.fs.exists(record.tarPath), "the tar the distro was re-imported from is kept");
    assert.deepEqual((await registeredNames(host)).sort(), ["Debian", "Ubuntu"]);
    const reg = await findRegistration(host, "Ubuntu");
    mustRun("qemu-img", ["check", "-f", "vhdx", host.fs.real(host.path.join(reg!.basePath, reg!.vhdFileName))]);
  });
});

test("a swap killed after the new disk moved in is rolled back: the original disk is back byte-identical, passes qemu-img check and e2fsck -fn, and the new disk goes with the temporary distro", async () => {
  await withSimulatedHost(machine, async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const hash = hashOf(host, target.path);
    await killedRun(host, points.find((p) => p.name.startsWith("after the new disk was moved into place"))!);
    assert.notEqual(hashOf(host, target.path), hash, "the killed run had moved the new disk in");
    const found = await clearLeftovers(contextFor(host), target);
    assert.match(found ?? "", /put the original disk back from .*\.vhdx-shrink-old; unregistered the temporary distro vhdx-shrink-\w+; deleted the export/);
    assert.equal(hashOf(host, target.path), hash);
    const real = host.fs.real(target.path);
    mustRun("qemu-img", ["check", "-f", "vhdx", real]);
    await withTempDir(async (dir) => {
      const raw = join(dir, "ubuntu.raw");
      toRaw(real, raw);
      mustRun("e2fsck", ["-fn", raw]);
    });
    assert.deepEqual((await registeredNames(host)).sort(), ["Debian", "Ubuntu"]);
    assert.deepEqual(await ourFiles(host, target), []);
  });
});
