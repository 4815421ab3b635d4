/**
 * Export-import killed at each of its steps (a power cut: from that point the process does nothing
 * more, its clean-up never runs), then the same command again: the second run says in one line
 * what it found, clears it, and completes; the distro is registered once and its disk passes
 * `qemu-img check`. Runs that are still alive: held_leftover_test.ts.
 * @module
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { withSimulatedHost } from "../support/simulated.ts";
import { mustRun, toRaw, withTempDir } from "../support/tools.ts";
import { join } from "node:path";
import { exportImportPlugin } from "../../plugins/export-import/mod.ts";
import { clearLeftovers, recordPathFor } from "../../plugins/export-import/leftovers.ts";
import type { JobRecord } from "../../plugins/export-import/leftovers.ts";
import { findRegistration } from "../../core/wsl/default_uid.ts";
import { formatBytes } from "../../core/units.ts";
import { endRun } from "../../core/hold/run_stamp.ts";
import { runCli } from "../support/cli.ts";
import { planAndRun } from "../../core/plugin/run_steps.ts";
import { contextFor, hashOf, registeredNames, targetNamed } from "./support.ts";
import { afterCalls, atChunk, atPhase, killable, killedRun, machine, notingProgress, ourFiles } from "./leftover_support.ts";
import type { KillPoint } from "./leftover_support.ts";


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
