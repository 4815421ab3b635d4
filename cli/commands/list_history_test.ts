import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { runCli } from "../../tests/support/cli.ts";
import { makeEmptyVhdx, withSimulatedHost } from "../../tests/support/simulated.ts";
import { writeSampleDisk } from "../../samples/write_sample_disk.ts";
import { appendHistory, historyPath, readHistory } from "../../core/history/mod.ts";
import type { DiskGrowth } from "../../core/history/mod.ts";

const MiB = 1024 ** 2;

test("list and watch each add one size line per disk to the history", async () => {
  await withSimulatedHost((fx) => ({ distros: [{ name: "Ubuntu", vhd: makeEmptyVhdx(join(fx, "u.vhdx")), default: true }], docker: { layout: "4.30" } }), async (host) => {
    assert.equal((await runCli(["list"], host)).code, 0);
    const afterList = await readHistory(host);
    assert.deepEqual(afterList.map((r) => [r.by, r.event, r.name]).sort(), [["list", "size", "Ubuntu"], ["list", "size", "docker-desktop"], ["list", "size", "docker_data.vhdx"]]);
    for (const r of afterList) assert.equal(r.size, (await host.fs.stat(r.path))!.allocatedSize);
    const w = await runCli(["watch", "--target", "Ubuntu"], host);
    assert.equal(w.code, 0, w.stderr);
    const all = await readHistory(host);
    assert.equal(all.length, 4);
    assert.deepEqual([all[3].by, all[3].name], ["watch", "Ubuntu"]);
    assert.match(historyPath(host)!, /AppData\\Local\\vhdx-shrink\\history\.jsonl$/);
  });
});

test("list --json has each disk's growth; list --history shows it as a table", async () => {
  await withSimulatedHost((fx) => ({ distros: [{ name: "Ubuntu", vhd: makeEmptyVhdx(join(fx, "u.vhdx")), default: true }] }), async (host) => {
    const path = JSON.parse((await runCli(["list", "--json"], host)).stdout).targets[0].path as string;
    const twoWeeksAgo = new Date(Date.now() - 14 * 24 * 3600_000).toISOString();
    const now = (await readHistory(host))[0].size;
    await appendHistory(host, [{ at: twoWeeksAgo, event: "shrink", name: "Ubuntu", path, size: now - 4 * MiB, before: now + MiB, strategy: "native", by: "shrink" }]);
    const j = await runCli(["list", "--json"], host);
    assert.equal(j.code, 0, j.stderr);
    const [g] = JSON.parse(j.stdout).history as DiskGrowth[];
    assert.deepEqual([g.name, g.since, g.sinceAt, g.grown, g.lastShrink?.strategy], ["Ubuntu", "shrink", twoWeeksAgo, 4 * MiB, "native"]);
    assert.ok(Math.abs(g.perWeek! - 2 * MiB) < 1024, String(g.perWeek));
    assert.ok(g.weeks.length >= 2 && g.weeks.reduce((n, w) => n + w.grown, 0) === 4 * MiB, JSON.stringify(g.weeks));
    const t = await runCli(["list", "--history"], host);
    assert.equal(t.code, 0, t.stderr);
    assert.match(t.stdout, /^target\s+size\s+grown\s+since\s+per week\s+last shrink\s+path/);
    assert.match(t.stdout, new RegExp(`^Ubuntu\\s+\\S+ \\S+\\s+\\+4\\.0 MiB\\s+shrink ${twoWeeksAgo.slice(0, 10)}\\s+\\+2\\.0 MiB\\s+${twoWeeksAgo.slice(0, 10)} \\(\\S+ MiB -> 4\\.0 MiB\\)`, "m"));
  });
});

test("list --history with no history says so", async () => {
  await withSimulatedHost(() => ({}), async (host) => {
    const r = await runCli(["list", "--history"], host);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /No size history yet/);
  });
});

test("a shrink records what it left, so growth after it starts from zero and the older size does not count", async () => {
  await withSimulatedHost(() => ({}), async (_unused, tmp) => {
    const disk = join(tmp, "ubuntu.vhdx");
    await writeSampleDisk(disk);
    const { SimulatedHost } = await import("../../simulated/mod.ts");
    const host = await SimulatedHost.create(join(tmp, "home"), { distros: [{ name: "Ubuntu", vhd: disk, default: true }] });
    assert.equal((await runCli(["list"], host)).code, 0);
    const s = await runCli(["--strategy", "native", "--target", "Ubuntu", "--yes"], host);
    assert.equal(s.code, 0, s.stderr);
    const j = await runCli(["list", "--json"], host);
    const [g] = JSON.parse(j.stdout).history as DiskGrowth[];
    const [first, shrink] = await readHistory(host);
    assert.equal(shrink.event, "shrink");
    assert.ok(shrink.size < first.size, `${shrink.size} < ${first.size}`);
    assert.equal(g.since, "shrink");
    assert.equal(g.grown, 0);
    assert.equal(g.size, shrink.size);
    assert.equal(g.records, 3);
  });
});

test("compact in place records a shrink; compact --output and --dry-run record none", async () => {
  await withSimulatedHost(() => ({}), async (_unused, tmp) => {
    const disk = join(tmp, "ubuntu.vhdx");
    await writeSampleDisk(disk);
    const { SimulatedHost } = await import("../../simulated/mod.ts");
    const host = await SimulatedHost.create(join(tmp, "home"), { distros: [{ name: "Ubuntu", vhd: disk, default: true }] });
    const dry = await runCli(["compact", "Ubuntu", "--dry-run"], host);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(await readHistory(host), []);
    const r = await runCli(["compact", "Ubuntu", "--yes"], host);
    assert.equal(r.code, 0, r.stderr);
    const lines = await readHistory(host);
    assert.deepEqual(lines.map((l) => [l.event, l.name, l.strategy, l.by]), [["shrink", "Ubuntu", "native", "shrink"]]);
    assert.ok(lines[0].size < lines[0].before!, `${lines[0].size} < ${lines[0].before}`);
  });
});
