import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeEmptyVhdx, withSimulatedHost } from "../support/simulated.ts";
import { exportImportPlugin } from "../../plugins/export-import/mod.ts";
import { findRegistration } from "../../core/wsl/default_uid.ts";
import { InterruptedError, RefusedError } from "../../core/errors.ts";
import { ExportImportError } from "../../plugins/export-import/errors.ts";
import { abortingProgress, contextFor, ext4Vhdx, FIXTURE_USED_BYTES, hashOf, MiB, recordingProgress, registeredNames, targetNamed } from "./support.ts";
import type { SimulatedHostOptions } from "../../simulated/mod.ts";
import { planAndRun } from "../../core/plugin/run_steps.ts";

const machine = (extra: Partial<SimulatedHostOptions> = {}) => (fx: string): SimulatedHostOptions => ({
  distros: [
    { name: "Ubuntu", vhd: ext4Vhdx(fx, "ubuntu"), usedBytes: FIXTURE_USED_BYTES, defaultUid: 1000, default: true, running: true },
    { name: "Debian", vhd: ext4Vhdx(fx, "debian"), usedBytes: FIXTURE_USED_BYTES, basePath: "D:\\wsl\\Debian", defaultUid: 1001 },
  ],
  freeBytes: { C: 1024 * MiB, D: 1024 * MiB },
  ...extra,
});

test("export-import swaps a compact disk under the original registration, keeping name, GUID and DefaultUid", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const before = await findRegistration(host, "Ubuntu");
    const report = await planAndRun(exportImportPlugin, contextFor(host, { yes: true }), target, recordingProgress());
    const after = await findRegistration(host, "Ubuntu");
    assert.equal(after?.guid, before?.guid);
    assert.equal(after?.defaultUid, 1000);
    assert.ok(report.sizeAfter > 0 && report.sizeAfter <= report.sizeBefore, `${report.sizeAfter} <= ${report.sizeBefore}`);
    assert.deepEqual((await registeredNames(host)).sort(), ["Debian", "Ubuntu"], "the temporary distro is gone");
    const temp = await host.fs.listDir(host.env("TEMP")!);
    assert.deepEqual(temp.filter((n) => n.endsWith(".tar")), [], "the export was deleted");
    assert.equal(await host.fs.exists(target.path + ".vhdx-shrink-old"), false);
  });
});

test("export-import on a custom location with --keep-export keeps the tar and reports it", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const target = await targetNamed(host, "Debian");
    const report = await planAndRun(exportImportPlugin, contextFor(host, { yes: true, keepExport: true, exportPath: "D:\\exports" }), target, recordingProgress());
    assert.equal(report.keptFiles.length, 1);
    assert.match(report.keptFiles[0], /^D:\\exports\\Debian\.vhdx-shrink-\w+\.tar$/);
    assert.ok(await host.fs.exists(report.keptFiles[0]));
    assert.equal((await findRegistration(host, "Debian"))?.basePath, "D:\\wsl\\Debian");
  });
});

test("--reimport unregisters, imports and restores DefaultUid through reg add", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const target = await targetNamed(host, "Debian");
    const report = await planAndRun(exportImportPlugin, contextFor(host, { yes: true, reimport: true }), target, recordingProgress());
    const reg = await findRegistration(host, "Debian");
    assert.equal(reg?.defaultUid, 1001);
    assert.equal(reg?.basePath, "D:\\wsl\\Debian");
    assert.ok(report.notes.some((n) => /re-imported/.test(n)));
  });
});

/** Fault cases: each must leave the original disk byte-identical and say so. */
const faults: { name: string; options?: Record<string, unknown>; sim: Partial<SimulatedHostOptions>; error: RegExp; type: new (...a: never[]) => Error }[] = [
  { name: "export fails halfway", sim: { faults: { exportFailsAt: 0.5 } }, error: /export failed, Ubuntu is unchanged \(the partial tar was deleted\)/, type: ExportImportError },
  { name: "the disk is full", sim: { faults: { diskFull: true } }, error: /not enough space for the export.*--export-path; nothing was changed/, type: RefusedError },
  { name: "too little space for the export", sim: { freeBytes: { C: 2 * MiB, D: 1024 * MiB } }, error: /not enough space for the export/, type: RefusedError },
  { name: "the import fails", sim: { faults: { importFails: true } }, error: /temporary distro failed, so Ubuntu is unchanged/, type: ExportImportError },
  { name: "the process is elevated and wsl --import fails there (wslcompact#38)", sim: { elevated: true, faults: { elevatedImportFails: true } }, error: /temporary distro failed, so Ubuntu is unchanged.*0x8007051b.*normal \(not administrator\) terminal/, type: ExportImportError },
  { name: "the process is elevated and --reimport would unregister first", options: { reimport: true }, sim: { elevated: true }, error: /--reimport refused while elevated.*0x8007051b.*nothing was changed/, type: RefusedError },
];

for (const f of faults) {
  test(`export-import leaves the original disk untouched when ${f.name}`, async () => {
    await withSimulatedHost(machine(f.sim), async (host) => {
      const target = await targetNamed(host, "Ubuntu");
      const hash = hashOf(host, target.path);
      await assert.rejects(planAndRun(exportImportPlugin, contextFor(host, { yes: true, ...f.options }), target, recordingProgress()), (e: Error) => {
        assert.ok(e instanceof f.type, `${e.constructor.name}: ${e.message}`);
        assert.match(e.message, f.error);
        return true;
      });
      assert.equal(hashOf(host, target.path), hash);
      assert.deepEqual((await registeredNames(host)).sort(), ["Debian", "Ubuntu"], "no temporary distro is left");
      assert.equal((await findRegistration(host, "Ubuntu"))?.defaultUid, 1000);
      const leftovers = (await host.fs.listDir(host.env("TEMP")!)).filter((n) => n.endsWith(".tar"));
      assert.deepEqual(leftovers, []);
    });
  });
}

test("--reimport: when unregister fails the distro stays registered and unchanged", async () => {
  await withSimulatedHost(machine({ faults: { unregisterFails: true } }), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const hash = hashOf(host, target.path);
    await assert.rejects(planAndRun(exportImportPlugin, contextFor(host, { yes: true, reimport: true }), target, recordingProgress()), /unregistering Ubuntu failed, so it is unchanged and still registered/);
    assert.equal(hashOf(host, target.path), hash);
  });
});

test("--reimport: when the import fails after the unregister, the error names the kept tar and the exact command", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    // The import fault switches on only after the export is verified: patch the state when wsl --unregister runs.
    const origExec = host.exec.bind(host);
    host.exec = async (cmd, args, opts) => {
      if (cmd.startsWith("wsl") && args[0] === "--unregister") await host.machine.update((s) => void (s.faults.importFails = true));
      return origExec(cmd, args, opts);
    };
    const err = await planAndRun(exportImportPlugin, contextFor(host, { yes: true, reimport: true }), target, recordingProgress()).then(() => null, (e: Error) => e);
    assert.ok(err instanceof ExportImportError);
    const tar = /ALL ITS DATA IS IN (\S+\.tar)/.exec(err.message)?.[1];
    assert.ok(tar, err.message);
    assert.ok(await host.fs.exists(tar), "the tar is kept");
    assert.match(err.message, /wsl\.exe --import Ubuntu .* --version 2/);
    // Following the message restores the distro.
    await host.machine.update((s) => void (s.faults.importFails = false));
    const dir = (/--import Ubuntu (\S+)/.exec(err.message))![1];
    const r = await origExec("wsl", ["--import", "Ubuntu", dir, tar, "--version", "2"]);
    assert.equal(r.code, 0);
  });
});

test("Ctrl-C during the export stops, deletes the partial tar and leaves the distro unchanged", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const hash = hashOf(host, target.path);
    const controller = new AbortController();
    const progress = abortingProgress(controller, "exporting", 2);
    await assert.rejects(planAndRun(exportImportPlugin, contextFor(host, { yes: true }, { signal: controller.signal }), target, progress), (e: Error) => {
      assert.ok(e instanceof InterruptedError, e.message);
      assert.match(e.message, /Ubuntu is unchanged/);
      assert.match(e.message, /\[stopped in step 3 of 6 \(export Ubuntu to a tar/, "the report names the step");
      return true;
    });
    assert.equal(progress.chunksSeen(), 2, "the export was interrupted at its second chunk");
    assert.equal(hashOf(host, target.path), hash);
    assert.deepEqual((await host.fs.listDir(host.env("TEMP")!)).filter((n) => n.endsWith(".tar")), []);
  });
});

test("Ctrl-C after the export (during the import) removes the temporary distro and leaves the distro unchanged", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const hash = hashOf(host, target.path);
    const controller = new AbortController();
    const progress = abortingProgress(controller, "importing", 2);
    await assert.rejects(planAndRun(exportImportPlugin, contextFor(host, { yes: true }, { signal: controller.signal }), target, progress), (e: Error) => {
      assert.ok(e instanceof InterruptedError, `${e.constructor.name}: ${e.message}`);
      assert.match(e.message, /Ubuntu is unchanged/);
      return true;
    });
    assert.equal(progress.chunksSeen(), 2, "the import was interrupted at its second chunk");
    assert.equal(hashOf(host, target.path), hash);
    assert.deepEqual((await registeredNames(host)).sort(), ["Debian", "Ubuntu"]);
  });
});

test("the plan names what it closes and the exact commands; an elevated process may run it (microsoft/WSL#6744)", async () => {
  await withSimulatedHost(machine({ elevated: true }), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const steps = await exportImportPlugin.plan(contextFor(host), target);
    assert.deepEqual(steps.find((s) => s.closes)?.closes, ["Docker Desktop", "all WSL distros"]);
    assert.ok(!steps.slice(0, steps.findIndex((s) => s.closes)).some((s) => s.changes), "nothing changes before what holds the disk is stopped");
    assert.ok(steps.some((s) => /^wsl\.exe --export Ubuntu .*\.tar$/.test(s.command ?? "")));
    const avail = await exportImportPlugin.probe(contextFor(host));
    assert.equal(avail.available, true);
  });
});

test("export-import from an elevated process swaps the disk and warns what to do if the import were refused", async () => {
  await withSimulatedHost(machine({ elevated: true }), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const before = await findRegistration(host, "Ubuntu");
    const hash = hashOf(host, target.path);
    const report = await planAndRun(exportImportPlugin, contextFor(host, { yes: true }), target, recordingProgress());
    assert.ok(report.notes.some((n) => /running elevated: if wsl --import fails with 0x8007051b/.test(n)), report.notes.join("\n"));
    assert.equal((await findRegistration(host, "Ubuntu"))?.guid, before?.guid);
    assert.notEqual(hashOf(host, target.path), hash, "the disk was replaced by the imported one");
    assert.deepEqual((await registeredNames(host)).sort(), ["Debian", "Ubuntu"]);
  });
});


test("when the distro does not start on the new disk, the original disk is put back byte-identical", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const hash = hashOf(host, target.path);
    const exec = host.exec.bind(host);
    host.exec = (cmd, args, opts) => {
      if (/^wsl/i.test(cmd) && args[0] === "-d" && args[1] === "Ubuntu" && args.at(-1) === "true") {
        return Promise.resolve({ code: 1, stdout: "", stderr: "/bin/true: not found\n", timedOut: false });
      }
      return exec(cmd, args, opts);
    };
    await assert.rejects(planAndRun(exportImportPlugin, contextFor(host, { yes: true }), target, recordingProgress()), (e: Error) => {
      assert.ok(e instanceof ExportImportError && e.distroIntact);
      assert.match(e.message, /did not start on the new disk .* original disk was put back and it is unchanged/);
      return true;
    });
    assert.equal(hashOf(host, target.path), hash);
    assert.deepEqual((await registeredNames(host)).sort(), ["Debian", "Ubuntu"]);
    assert.equal(await host.fs.exists(target.path + ".vhdx-shrink-old"), false);
  });
});

test("a re-imported disk that is not smaller is not swapped in", async () => {
  await withSimulatedHost((fx) => ({ ...machine()(fx), distros: [{ name: "Tiny", vhd: makeEmptyVhdx(join(fx, "tiny.vhdx"), 64), usedBytes: 1024 * 1024 }] }), async (host) => {
    const target = await targetNamed(host, "Tiny");
    const hash = hashOf(host, target.path);
    await assert.rejects(planAndRun(exportImportPlugin, contextFor(host, { yes: true }), target, recordingProgress()), /not smaller than the original .* Tiny is unchanged: there is nothing to reclaim/);
    assert.equal(hashOf(host, target.path), hash);
    assert.deepEqual(await registeredNames(host), ["Tiny"]);
  });
});
