/**
 * The elevated steps on the SimulatedHost: a disk path that would be code in a naively quoted
 * script reaches Optimize-VHD and diskpart as exactly that path; the elevated side checks its target
 * and writes diskpart's script itself; a prompt accepted after the run gave up starts nothing; a
 * declined prompt and a failed start are told apart; the Hyper-V module without the role is not
 * "available"; the sparse flag is cleared only inside the elevated step and set again on failure.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { join } from "node:path";
import { makeDataVhdx, withSimulatedHost } from "../support/simulated.ts";
import { optimizeVhdPlugin } from "../../plugins/optimize-vhd/mod.ts";
import { diskpartPlugin } from "../../plugins/diskpart/mod.ts";
import { STEP_EXIT } from "../../plugins/diskpart/elevated_step.ts";
import { planAndRun } from "../../core/plugin/run_steps.ts";
import { contextFor, ext4Fixture, FIXTURE_USED_BYTES, hashOf, MiB, recordingProgress, targetNamed } from "../strategies/support.ts";
import { ELEVATION_ABANDONED_EXIT_CODE, ELEVATION_CANCELLED_EXIT_CODE, ELEVATION_FAILED_EXIT_CODE, powershellArgs, psQuote, runAsPowerShellArgs } from "../../core/host/elevation_script.ts";
import { optimizeScript } from "../../plugins/optimize-vhd/script.ts";
import { elevationService } from "../../core/plugin/services/elevation_service.ts";
import type { PluginContext } from "../../mod.ts";
import type { SimulatedHost, SimulatedHostOptions } from "../../simulated/mod.ts";

/** A folder name that ends a single-quoted PowerShell string (U+2019) and would run `exit 42`. */
const EVIL = "VMs\u2019; exit 42; \u2019";
const BASE = `C:\\${EVIL}\\Ubuntu`;

const machine = (extra: Partial<SimulatedHostOptions> = {}) => (_fx: string): SimulatedHostOptions => ({
  distros: [{ name: "Ubuntu", basePath: BASE, vhd: ext4Fixture().path, freeRanges: ext4Fixture().freeRanges, usedBytes: FIXTURE_USED_BYTES, defaultUid: 1000, default: true }],
  hyperV: true,
  ...extra,
});

/** A context whose log lines are kept. */
function loggingContext(host: SimulatedHost): PluginContext & { said: string[] } {
  const said: string[] = [];
  const ctx = contextFor(host, { yes: true });
  return { ...ctx, log: { info: (m) => void said.push(m), warn: (m) => void said.push(m), debug: () => undefined }, said };
}

/** diskpart reads the script in the console code page; the UTF-8 one can say U+2019 (Windows' "Beta: Use Unicode UTF-8"). */
async function utf8Console(host: SimulatedHost): Promise<void> {
  await host.machine.update((s) => void (s.oemCodePage = 65001));
}

for (const elevated of [false, true]) {
  for (const plugin of [optimizeVhdPlugin, diskpartPlugin]) {
    test(`${plugin.name} compacts a disk under "${EVIL}" ${elevated ? "from an elevated process" : "through the UAC prompt"}: the path reaches it as exactly that path`, async () => {
      await withSimulatedHost(machine({ elevated }), async (host) => {
        await utf8Console(host);
        const target = await targetNamed(host, "Ubuntu");
        assert.equal(target.path, `${BASE}\\ext4.vhdx`);
        const ctx = loggingContext(host);
        const report = await planAndRun(plugin, ctx, target, recordingProgress());
        assert.ok(report.sizeAfter < report.sizeBefore - MiB, `${report.sizeBefore} -> ${report.sizeAfter}`);
        assert.deepEqual((await host.machine.read()).attached, {});
        assert.equal(ctx.said.some((m) => /waiting for the UAC prompt/.test(m)), !elevated, ctx.said.join("\n"));
      });
    });
  }
}

test("diskpart refuses, and does not run, when the disk at the path was replaced by a file that is not a VHDX after it was chosen", async () => {
  await withSimulatedHost(machine({ elevated: false }), async (host) => {
    await utf8Console(host);
    const target = await targetNamed(host, "Ubuntu");
    const exec = host.exec.bind(host);
    const swapped = Buffer.from("select disk 0\r\nclean\r\n".repeat(100));
    host.exec = async (cmd, args, opts) => {
      if (/^powershell/i.test(cmd) && args.join(" ").includes("RunAs")) {
        await host.fs.remove(target.path);
        const f = await host.fs.open(target.path, "create");
        await f.write(0, swapped);
        await f.close();
      }
      return exec(cmd, args, opts);
    };
    await assert.rejects(planAndRun(diskpartPlugin, contextFor(host, { yes: true }), target, recordingProgress()), (e: Error) => {
      assert.match(e.message, new RegExp(`exit ${STEP_EXIT.notVhdx}: .*without the VHDX signature.*diskpart did not run`));
      return true;
    });
    assert.deepEqual((await host.machine.read()).attached, {});
    const f = await host.fs.open(target.path, "read");
    assert.deepEqual(Buffer.from(await f.read(0, swapped.length)), swapped, "the file the user put there is untouched");
    await f.close();
  });
});

test("diskpart's script is written by the elevated step: a script planted where it will write is refused, not run", async () => {
  await withSimulatedHost(machine({ elevated: false }), async (host) => {
    await utf8Console(host);
    const target = await targetNamed(host, "Ubuntu");
    const exec = host.exec.bind(host);
    let planted = "";
    host.exec = async (cmd, args, opts) => {
      // Another program of the user reads the command line and makes the folder first, with its own script.
      const b64 = /Combine\(\$w, 'Temp', \[Text\.Encoding\]::UTF8\.GetString\(\[Convert\]::FromBase64String\('([^']+)'\)\)\)/.exec(decodedLine(args))?.[1];
      if (b64 && !planted) {
        planted = `C:\\Windows\\Temp\\${Buffer.from(b64, "base64").toString("utf8")}`;
        await host.fs.mkdir(planted);
        await host.fs.writeText(`${planted}\\diskpart.txt`, "select disk 0\r\nclean\r\n");
      }
      return exec(cmd, args, opts);
    };
    await assert.rejects(planAndRun(diskpartPlugin, contextFor(host, { yes: true }), target, recordingProgress()), new RegExp(`exit ${STEP_EXIT.scriptNotWritten}: .*diskpart did not run`));
    assert.ok(planted.startsWith("C:\\Windows\\Temp\\vhdx-shrink-"), planted);
    assert.deepEqual((await host.machine.read()).attached, {}, "diskpart attached nothing");
    assert.equal(await host.fs.readText(`${planted}\\diskpart.txt`), "select disk 0\r\nclean\r\n", "the planted script was neither run nor replaced");
  });
});

/** Everything the UAC relaunch carries, base64 inside base64 decoded level by level, for reading what crosses. */
function decodedLine(args: string[]): string {
  let all = args.join(" ");
  for (let level = 0; level < 4; level++) {
    all += "\n" + [...all.matchAll(/FromBase64String\('([^']+)'\)/g)].map((m) => Buffer.from(m[1], "base64").toString("utf8")).join("\n");
  }
  return all;
}

test("a UAC prompt accepted after the run gave up starts nothing: the elevated side finds no ticket", async () => {
  await withSimulatedHost(machine({ elevated: false }), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const hash = hashOf(host, target.path);
    const ticket = "C:\\Users\\me\\AppData\\Local\\Temp\\abandoned-ticket";
    // What Start-Process -Verb RunAs starts once the prompt is accepted; the ticket was removed when the wait ended.
    const late = await host.exec("powershell.exe", runAsPowerShellArgs("powershell.exe", ["-NoProfile", "-Command", `Mount-VHD -Path '${target.path.replace(/[\u2019']/g, (q) => q + q)}' -ReadOnly`], { ticket }));
    assert.equal(late.code, ELEVATION_ABANDONED_EXIT_CODE);
    assert.deepEqual((await host.machine.read()).attached, {}, "Mount-VHD never ran");
    assert.equal(hashOf(host, target.path), hash);
    await host.fs.writeText(ticket, "");
    const inTime = await host.exec("powershell.exe", runAsPowerShellArgs("powershell.exe", ["-NoProfile", "-Command", `Mount-VHD -Path '${target.path.replace(/[\u2019']/g, (q) => q + q)}' -ReadOnly; exit 7`], { ticket }));
    assert.equal(inTime.code, 7, "with the ticket in place the same step runs and its exit code comes back");
    assert.equal(Object.keys((await host.machine.read()).attached).length, 1);
  });
});

test("the elevation service removes its ticket when the step ends, and says it waits for the UAC prompt", async () => {
  await withSimulatedHost(machine({ elevated: false }), async (host) => {
    const said: string[] = [];
    const before = await host.fs.listDir(host.env("TEMP")!);
    const r = await elevationService(host, (m) => said.push(m)).run("powershell.exe", ["-NoProfile", "-Command", "exit 5"]);
    assert.equal(r.code, 5);
    assert.match(said.join("\n"), /waiting for the UAC prompt for powershell\.exe .*accept it within 600 s/);
    assert.deepEqual(await host.fs.listDir(host.env("TEMP")!), before, "no ticket left behind");
  });
});

test("a declined UAC prompt (1223) and a Start-Process that fails otherwise are told apart", async () => {
  await withSimulatedHost(machine({ elevated: false, faults: { elevationDenied: true } }), async (host) => {
    assert.equal((await elevationService(host).run("diskpart", ["/s", "C:\\x.txt"])).code, ELEVATION_CANCELLED_EXIT_CODE);
  });
  await withSimulatedHost(machine({ elevated: false }), async (host) => {
    assert.equal((await elevationService(host).run("no-such-program.exe", [])).code, ELEVATION_FAILED_EXIT_CODE);
    const direct = await host.exec("powershell.exe", runAsPowerShellArgs("no-such-program.exe", []));
    assert.equal(direct.code, ELEVATION_FAILED_EXIT_CODE);
    assert.match(direct.stderr, /cannot find the file specified/);
  });
});

test("optimize-vhd is unavailable when the Hyper-V module is installed without the role (no vmms service)", async () => {
  await withSimulatedHost(machine({ faults: { hyperVRoleMissing: true } }), async (host) => {
    const probe = await optimizeVhdPlugin.probe(contextFor(host, {}));
    assert.equal(probe.available, false);
    assert.match(probe.reason ?? "", /module is installed but the Hyper-V role is not/);
  });
});

const sparseMachine = (extra: Partial<SimulatedHostOptions>) => (fx: string): SimulatedHostOptions => ({
  docker: { layout: "4.30", dataVhd: makeDataVhdx(join(fx, "docker_data.vhdx"), 2, 24) },
  hyperV: true,
  ...extra,
});

test("optimize-vhd with the UAC prompt declined leaves a sparse disk sparse: the flag is cleared only inside the elevated step", async () => {
  await withSimulatedHost(sparseMachine({ elevated: false, faults: { elevationDenied: true } }), async (host) => {
    const target = await targetNamed(host, "docker_data.vhdx");
    await host.fs.setSparse(target.path, true);
    const hash = hashOf(host, target.path);
    await assert.rejects(planAndRun(optimizeVhdPlugin, contextFor(host, { yes: true }), target, recordingProgress()), /UAC\) was declined.*the disk is unchanged/);
    assert.equal((await host.fs.stat(target.path))?.isSparse, true);
    assert.equal(hashOf(host, target.path), hash);
  });
});

test("optimize-vhd failing on a sparse disk sets the flag again and says so", async () => {
  await withSimulatedHost(sparseMachine({ elevated: true, faults: { optimizeFails: true } }), async (host) => {
    const target = await targetNamed(host, "docker_data.vhdx");
    await host.fs.setSparse(target.path, true);
    await assert.rejects(planAndRun(optimizeVhdPlugin, contextFor(host, { yes: true }), target, recordingProgress()), /Optimize-VHD failed .*detached again/);
    assert.equal((await host.fs.stat(target.path))?.isSparse, true, "the flag is set again");
    assert.deepEqual((await host.machine.read()).attached, {});
  });
});

test("diskpart runs its clean-up script only when the disk is still attached: one elevated diskpart run after a good compaction", async () => {
  await withSimulatedHost(machine({ elevated: false }), async (host) => {
    await utf8Console(host);
    const target = await targetNamed(host, "Ubuntu");
    const exec = host.exec.bind(host);
    const scripts: string[] = [];
    host.exec = (cmd, args, opts) => {
      const line = decodedLine(args);
      if (/diskpart \/s/.test(line)) scripts.push(/compact vdisk/.test(line) ? "compact" : "detach");
      return exec(cmd, args, opts);
    };
    await planAndRun(diskpartPlugin, contextFor(host, { yes: true }), target, recordingProgress());
    assert.deepEqual(scripts, ["compact"]);
  });
});

test("a UAC prompt nobody answers in time: the step is abandoned, and accepting the prompt afterwards starts nothing", async () => {
  await withSimulatedHost(machine({ elevated: false, faults: { uacAnsweredLate: true } }), async (host) => {
    const target = await targetNamed(host, "Ubuntu");
    const said: string[] = [];
    const r = await elevationService(host, (m) => said.push(m)).run("powershell.exe", ["-NoProfile", "-Command", `Mount-VHD -Path ${psQuote(target.path)} -ReadOnly`], { promptTimeoutMs: 200 });
    assert.equal(r.code, ELEVATION_ABANDONED_EXIT_CODE);
    assert.match(r.stderr, /no answer to the UAC prompt .* will not run if the prompt is accepted later/);
    assert.match(said.join("\n"), /waiting for the UAC prompt/);
    assert.deepEqual((await host.machine.read()).attached, {}, "the late-accepted prompt started PowerShell, which found its ticket withdrawn and mounted nothing");
  });
});

test("a step that started before the prompt time ran out is waited for, however long it takes", async () => {
  await withSimulatedHost(sparseMachine({ elevated: false, faults: { chunkDelayMs: 1000 } }), async (host) => {
    const target = await targetNamed(host, "docker_data.vhdx");
    const sizeBefore = (await host.fs.stat(target.path))!.size;
    const started = Date.now();
    const r = await elevationService(host).run("powershell.exe", powershellArgs(optimizeScript(target.path, { clearSparse: false })), { promptTimeoutMs: 3000 });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(Date.now() - started > 3000, "the compaction outlasted the prompt time (else this test shows nothing)");
    assert.ok((await host.fs.stat(target.path))!.size < sizeBefore);
    assert.deepEqual((await host.machine.read()).attached, {});
  });
});

for (const plugin of [optimizeVhdPlugin, diskpartPlugin]) {
  test(`${plugin.name}: the elevated side refuses another valid VHDX swapped in at the path after the run checked it`, async () => {
    await withSimulatedHost((fx) => ({ ...machine({ elevated: false })(fx), docker: { layout: "4.30", dataVhd: makeDataVhdx(join(fx, "docker_data.vhdx"), 2, 24) } }), async (host) => {
      await utf8Console(host);
      const target = await targetNamed(host, "Ubuntu");
      const other = (await targetNamed(host, "docker_data.vhdx")).path;
      const exec = host.exec.bind(host);
      host.exec = async (cmd, args, opts) => {
        if (/^powershell/i.test(cmd) && args.join(" ").includes("RunAs")) {
          await host.fs.remove(target.path);
          await host.fs.copyFile(other, target.path);
        }
        return exec(cmd, args, opts);
      };
      const swapped = () => hashOf(host, target.path) === hashOf(host, other);
      await assert.rejects(planAndRun(plugin, contextFor(host, { yes: true }), target, recordingProgress()), /another VHDX (at the disk.s path )?than the one checked just before/);
      assert.ok(swapped(), "the swapped-in disk was left as it was");
      assert.deepEqual((await host.machine.read()).attached, {});
    });
  });
}
