/**
 * Leftovers and holds of runs that are still alive: never touched, refused in one line, or waited
 * for with --wait; a dead process's leftovers are cleared.
 * @module
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import process from "node:process";
import { withSimulatedHost } from "../support/simulated.ts";
import { exportImportPlugin } from "../../plugins/export-import/mod.ts";
import { recordPathFor } from "../../plugins/export-import/leftovers.ts";
import type { JobRecord } from "../../plugins/export-import/leftovers.ts";
import { RefusedError } from "../../core/errors.ts";
import { lockPathFor } from "../../core/hold/disk_hold.ts";
import { runCli } from "../support/cli.ts";
import { hostname } from "node:os";
import { planAndRun } from "../../core/plugin/run_steps.ts";
import type { Target } from "../../core/plugin/types.ts";
import type { SimulatedHost } from "../../simulated/mod.ts";
import { contextFor, hashOf, targetNamed } from "./support.ts";
import { atChunk, killable, machine, notingProgress, ourFiles } from "./leftover_support.ts";


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
