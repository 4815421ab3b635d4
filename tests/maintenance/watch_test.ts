import { test } from "node:test";
import assert from "node:assert/strict";
import { withSimulatedHost } from "../support/simulated.ts";
import { runCli } from "../support/cli.ts";

const machine = () => ({ distros: [{ name: "Ubuntu" }, { name: "Debian" }] });

test("watch prints each disk's size and exits 0 at or below the threshold", async () => {
  await withSimulatedHost(machine, async (host) => {
    const r = await runCli(["watch", "--threshold", "1GB"], host);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Ubuntu\s+4\.0 MiB\s+0 B\s+-\s+no$/m);
    assert.match(r.stdout, /^Debian\s+4\.0 MiB/m);
  });
});

test("watch exits 3 above the threshold and names the disk in one line", async () => {
  await withSimulatedHost(machine, async (host) => {
    const r = await runCli(["watch", "--threshold", "1MB", "--target", "Ubuntu"], host);
    assert.equal(r.code, 3);
    assert.match(r.stdout, /^Ubuntu\s+4\.0 MiB.*YES$/m);
    assert.match(r.stderr, /^error: Ubuntu is 4\.0 MiB, above 1\.0 MiB: shrink with vhdx-shrink/m);
  });
});

test("watch --json reports sizes and the verdict for scripts", async () => {
  await withSimulatedHost(machine, async (host) => {
    const r = await runCli(["watch", "--threshold", "1MB", "--json"], host);
    assert.equal(r.code, 3);
    const doc = JSON.parse(r.stdout) as { threshold: number; overThreshold: boolean; disks: { target: { name: string }; size: number; overThreshold: boolean }[] };
    assert.equal(doc.threshold, 1024 * 1024);
    assert.equal(doc.overThreshold, true);
    assert.equal(doc.disks.length, 2);
    assert.ok(doc.disks.every((d) => d.size === 4 * 1024 * 1024 && d.overThreshold));
  });
});

test("watch rejects a threshold that is not a size with exit 2", async () => {
  await withSimulatedHost(machine, async (host) => {
    const r = await runCli(["watch", "--threshold", "big"], host);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--threshold big is not a size/);
  });
});
