// The user's path on a simulated Windows Home with the bundled sample disk: what each command prints
// for people and for scripts, and that nothing prompts or changes without --yes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { mustRun } from "../support/tools.ts";
import { runCli } from "../support/cli.ts";
import { withSimulatedHost } from "../support/simulated.ts";
import { writeSampleDisk } from "../../samples/write_sample_disk.ts";
import type { SimulatedHost } from "../../simulated/mod.ts";

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** A Windows Home: Ubuntu and Docker Desktop 4.30, both on copies of the sample disk. */
async function withHome<T>(fn: (host: SimulatedHost, dataDisk: () => string) => Promise<T>): Promise<T> {
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
      distros: [{ name: "Ubuntu", vhd: a, defaultUid: 1000, default: true }],
      docker: { layout: "4.30", dataVhd: b },
      wsl: { version: "2.3.26" },
      hyperV: false,
      elevated: false,
    });
    const dataDisk = () => join(tmp, "home", "drives", "C", "Users", "me", "AppData", "Local", "Docker", "wsl", "disk", "docker_data.vhdx");
    return fn(host, dataDisk);
  });
}

test("compare --json lists every strategy with availability and this disk's estimates", async () => {
  await withHome(async (host) => {
    const r = await runCli(["compare", "--target", "docker_data.vhdx", "--json"], host);
    assert.equal(r.code, 0, r.stderr);
    const [entry] = JSON.parse(r.stdout).targets;
    const byName = Object.fromEntries(entry.strategies.map((s: { name: string }) => [s.name, s]));
    assert.deepEqual(Object.keys(byName).sort(), ["diskpart", "export-import", "native", "optimize-vhd", "sparse", "unregister-only", "wsl-compact"]);
    assert.equal(byName.native.available, true);
    assert.equal(byName.native.estimate.exact, true);
    assert.equal(byName.native.estimate.sizeAfter, entry.analysis.usedOnlySizeAfter);
    assert.ok(byName.native.estimate.reclaimable > 40 * 1024 * 1024);
    assert.equal(byName["optimize-vhd"].available, false);
    assert.match(byName["optimize-vhd"].reason, /Hyper-V/);
    assert.equal(byName["export-import"].available, false, "docker_data.vhdx is not a distro");
    assert.equal(entry.recommended, "native");
  });
});

test("the default command without --yes and without a terminal recommends and changes nothing", async () => {
  await withHome(async (host, dataDisk) => {
    const before = sha(dataDisk());
    const r = await runCli([], host);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Biggest win: .* with native/);
    assert.match(r.stdout, /Run: vhdx-shrink --strategy native --target \S+ --yes/);
    assert.equal(sha(dataDisk()), before);
  });
});

test("a strategy without --yes and without a terminal is refused with a one-line reason", async () => {
  await withHome(async (host, dataDisk) => {
    const before = sha(dataDisk());
    const r = await runCli(["--strategy", "native", "--target", "docker_data.vhdx"], host);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: native changes .*docker_data\.vhdx.*add --yes/);
    assert.equal(r.stderr.trim().split("\n").length, 1);
    assert.equal(sha(dataDisk()), before);
  });
});

test("--dry-run --json prints checks and the exact plan and changes nothing", async () => {
  await withHome(async (host, dataDisk) => {
    const before = sha(dataDisk());
    const r = await runCli(["--strategy", "native", "--target", "docker_data.vhdx", "--dry-run", "--json"], host);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.dryRun, true);
    // The idle check, then the compaction with what its one call does (drop, move, BAT, truncate).
    assert.ok(doc.plan.length >= 2);
    assert.ok(doc.plan.some((s: { details?: string[] }) => (s.details ?? []).some((d) => /allocation map/.test(d))), JSON.stringify(doc.plan));
    assert.ok(doc.checks.length > 0, "the dry run lists its checks");
    assert.deepEqual(doc.checks.filter((c: { status: string }) => c.status === "fail"), []);
    assert.equal(sha(dataDisk()), before);
  });
});

test("--yes runs native in place: the file shrinks to the estimate and qemu-img accepts it", async () => {
  await withHome(async (host, dataDisk) => {
    const estimate = JSON.parse((await runCli(["analyze", "docker_data.vhdx", "--json"], host)).stdout).usedOnlySizeAfter;
    const r = await runCli(["--strategy", "native", "--target", "docker_data.vhdx", "--yes", "--json"], host);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.sizeAfter, estimate);
    assert.equal(doc.reclaimed, doc.sizeBefore - doc.sizeAfter);
    assert.equal(statSync(dataDisk()).size, estimate);
    mustRun("qemu-img", ["check", "-f", "vhdx", dataDisk()]);
    // progress went to stderr as JSON lines, stdout stayed one document
    for (const line of r.stderr.trim().split("\n").filter(Boolean)) assert.doesNotThrow(() => JSON.parse(line), line);
  });
});

test("analyze prints a table for people and agrees with its JSON", async () => {
  await withHome(async (host) => {
    const human = await runCli(["analyze", "Ubuntu"], host);
    const json = JSON.parse((await runCli(["analyze", "Ubuntu", "--json"], host)).stdout);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /file size\s+49\.0 MiB/);
    assert.match(human.stdout, /filesystem\s+ext4, .* clean, map trusted/);
    assert.equal(json.filesystem.type, "ext4");
    assert.equal(json.reclaimableBytes, json.fileSize - json.usedOnlySizeAfter);
    assert.ok(json.estimates.some((e: { strategy: string }) => e.strategy === "export-import"));
  });
});

test("an unknown target names the known ones", async () => {
  await withHome(async (host) => {
    const r = await runCli(["compare", "--target", "Debian"], host);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no file, distro or disk named "Debian": known targets are .*Ubuntu/);
  });
});

test("the demo runs every screen and ends with a smaller disk", async () => {
  const r = await runCli(["demo"]);
  assert.equal(r.code, 0, r.stderr);
  for (const screen of ["The disks on this machine", "Every strategy", "The plan, without changing anything", "Native compaction, in place", "Afterwards"]) {
    assert.match(r.stdout, new RegExp(screen));
  }
  // Docker's data disk is the Docker-shaped sample: 30 MiB written and deleted (samples/make_docker_sample.ts) hold 34 MiB of 1 MiB VHDX blocks.
  assert.match(r.stdout, /reclaimed\s+34\.0 MiB/);
  // Its report is written, with the Docker view.
  const report = /The report: (.+\.html)/.exec(r.stdout)?.[1];
  assert.ok(report && existsSync(report), r.stdout);
  assert.match(readFileSync(report, "utf8"), /<section id="docker">/);
  rmSync(dirname(report), { recursive: true, force: true });
});

test("--usage shows what fills each disk next to the recommendation, in compare and in the default command", async () => {
  await withHome(async (host, dataDisk) => {
    const before = sha(dataDisk());
    const c = await runCli(["compare", "--target", "docker_data.vhdx", "--usage", "--json"], host);
    assert.equal(c.code, 0, c.stderr);
    const [entry] = JSON.parse(c.stdout).targets;
    // The sample disk keeps its files under /home/dev/project (samples/make-sample.sh): /home is the biggest folder.
    assert.equal(entry.usage.top[0].path, "/home");
    const sizes = entry.usage.top.map((t: { allocatedBytes: number }) => t.allocatedBytes);
    assert.deepEqual(sizes, [...sizes].sort((x, y) => y - x));
    assert.ok(sizes.reduce((s: number, x: number) => s + x, 0) <= entry.usage.allocatedBytes);

    const d = await runCli(["--usage", "--json"], host);
    assert.equal(d.code, 0, d.stderr);
    const targets = JSON.parse(d.stdout).targets;
    assert.equal(targets.length, 3);
    // Ubuntu and the data disk hold ext4 and give their biggest folders; Docker's engine disk here is a
    // blank VHDX, so its entry says why it has none.
    const usage = new Map<string, { top: unknown[]; error?: string }>(targets.map((t: { target: { name: string }; usage: { top: unknown[]; error?: string } }) => [t.target.name, t.usage]));
    assert.deepEqual([...usage.keys()].sort(), ["Ubuntu", "docker-desktop", "docker_data.vhdx"]);
    for (const name of ["Ubuntu", "docker_data.vhdx"]) {
      assert.ok(usage.get(name)!.top.length > 0, name);
      assert.equal(usage.get(name)!.error, undefined, name);
    }
    assert.deepEqual(usage.get("docker-desktop")!.top, []);
    assert.match(usage.get("docker-desktop")!.error ?? "", /main\\ext4\.vhdx: the disk holds no filesystem/);
    const data = targets.find((t: { target: { name: string } }) => t.target.name === "docker_data.vhdx");
    assert.deepEqual(data.usage.top, entry.usage.top);

    const text = await runCli(["--usage"], host);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /What fills it/);
    assert.match(text.stdout, /├─ home/);
    assert.equal(sha(dataDisk()), before, "--usage only reads");
  });
});
