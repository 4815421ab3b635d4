/**
 * `--dry-run` prints what the run really does, in a form a user can paste into the shell it names:
 * native shows its refusal of a running distro instead of a `wsl --terminate` it never runs, and
 * fsutil (a cmd program) is quoted for cmd, not with PowerShell's single quotes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { withSimulatedHost } from "../support/simulated.ts";
import { runCli } from "../support/cli.ts";
import { machineProfile } from "../../simulated/profiles.ts";
import type { SimulatedHostOptions } from "../../simulated/mod.ts";
import { ext4Vhdx, FIXTURE_USED_BYTES, hashOf, targetNamed } from "./support.ts";

const machine = (extra: { running?: boolean; sparse?: boolean }) => (fx: string): SimulatedHostOptions =>
  machineProfile("spaced-user").apply({
    distros: [{ name: "Ubuntu", vhd: ext4Vhdx(fx, "ubuntu"), usedBytes: FIXTURE_USED_BYTES, defaultUid: 1000, default: true, ...extra }],
    hyperV: true, elevated: true,
  });

test("native's dry run of a running distro refuses exactly as the run does (plugins/native/native_test.ts checks its plan)", async () => {
  await withSimulatedHost(machine({ running: true }), async (host) => {
    const disk = (await targetNamed(host, "Ubuntu")).path;
    const before = hashOf(host, disk);
    const dry = await runCli(["--strategy", "native", "--target", "Ubuntu", "--dry-run"], host);
    assert.equal(dry.code, 1, dry.stderr);
    // The refusal: one line saying the disk is in use and what to do.
    assert.deepEqual(dry.stderr.trimEnd().split("\n").length, 1, dry.stderr);
    assert.match(dry.stderr, /^error: .*ext4\.vhdx is in use .*wsl --shutdown/);
    assert.match(dry.stdout, /wsl --terminate Ubuntu/, "the dry run says what to run first");
    assert.doesNotMatch(dry.stdout, /^\s*\d+\..*wsl --terminate/m, "no plan step runs wsl --terminate");
    assert.equal(hashOf(host, disk), before, "the dry run left the disk byte-identical");
    assert.deepEqual((await host.machine.read()).running, ["Ubuntu"], "the dry run terminated nothing");
    const run = await runCli(["--strategy", "native", "--target", "Ubuntu", "--yes"], host);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(dry.stderr, run.stderr, "the run refuses with the same line");
    assert.equal(hashOf(host, disk), before, "the refused run left the disk byte-identical");
  });
});

test("optimize-vhd's dry run quotes fsutil's path for cmd, and shows the step only for a sparse disk", async () => {
  await withSimulatedHost(machine({ sparse: true }), async (host) => {
    const path = (await targetNamed(host, "Ubuntu")).path;
    assert.match(path, / Usuário/);
    const before = hashOf(host, path);
    const r = await runCli(["--strategy", "optimize-vhd", "--target", "Ubuntu", "--dry-run", "--json"], host);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(hashOf(host, path), before, "the dry run left the disk byte-identical");
    assert.equal(Object.values((await host.machine.read()).sparse).filter(Boolean).length, 1, "the sparse flag is still set");
    const commands = (JSON.parse(r.stdout).plan as { command?: string }[]).map((s) => s.command ?? "");
    assert.ok(commands.includes(`fsutil sparse setflag "${path}" 0`), commands.join("\n"));
    assert.ok(!commands.some((c) => c.startsWith("fsutil") && c.includes("'")), "no PowerShell quotes on a cmd command");
  });
  await withSimulatedHost(machine({}), async (host) => {
    const r = await runCli(["--strategy", "optimize-vhd", "--target", "Ubuntu", "--dry-run", "--json"], host);
    assert.equal(r.code, 0, r.stderr);
    assert.ok((JSON.parse(r.stdout).plan as unknown[]).length > 0, "a plan is shown");
    assert.ok(!(JSON.parse(r.stdout).plan as { command?: string }[]).some((s) => (s.command ?? "").startsWith("fsutil")));
  });
});
