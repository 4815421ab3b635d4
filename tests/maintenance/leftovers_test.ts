import { test } from "node:test";
import assert from "node:assert/strict";
import { hostname } from "node:os";
import { withSimulatedHost } from "../support/simulated.ts";
import { runCli } from "../support/cli.ts";

interface Check { id: string; status: string; title: string; fix?: string }
const checks = (stdout: string) => (JSON.parse(stdout) as { ok: boolean; checks: Check[] }).checks;

test("doctor lists what interrupted runs left beside a disk and in the export folder, with sizes, and nothing when there is none", async () => {
  await withSimulatedHost(() => ({ distros: [{ name: "Ubuntu", sparse: true }] }), async (host) => {
    const first = checks((await runCli(["doctor", "--json"], host)).stdout);
    assert.deepEqual(first.filter((c) => c.id === "leftover").map((c) => c.status), ["ok"]);
    const disk = /fsutil sparse setflag (.*ext4\.vhdx) 0/.exec(first.find((c) => c.id === "sparse")!.fix!)![1];
    await host.fs.writeText(`${disk}.vhdx-shrink.lock`, JSON.stringify({ program: "vhdx-shrink", pid: 2 ** 22 + 7, host: hostname(), started: "2026-01-02T03:04:05Z", token: "x" }));
    await host.fs.writeText(`${disk}.bak.partial`, "x".repeat(3072));
    const temp = host.env("TEMP")!;
    await host.fs.writeText(host.path.join(temp, "Ubuntu.vhdx-shrink-20260102T030405.tar"), "t".repeat(5120));
    const found = checks((await runCli(["doctor", "--json"], host)).stdout).filter((c) => c.id === "leftover");
    const titles = found.map((c) => c.title).join("\n");
    assert.match(titles, /ext4\.vhdx\.vhdx-shrink\.lock: lock of a run that ended without finishing \(vhdx-shrink pid 4194311 .*no longer running\)/);
    assert.match(titles, /ext4\.vhdx\.bak\.partial: 3\.0 KiB left by an interrupted vhdx-shrink run/);
    assert.match(titles, /Ubuntu\.vhdx-shrink-20260102T030405\.tar: 5\.0 KiB left by an interrupted vhdx-shrink run/);
    assert.ok(found.every((c) => c.status === "warn" && c.fix));
  });
});
