import { test } from "node:test";
import assert from "node:assert/strict";
import { withSimulatedHost } from "../support/simulated.ts";
import { runCli } from "../support/cli.ts";

interface Check { id: string; status: string; title: string; fix?: string }
const checks = (stdout: string) => (JSON.parse(stdout) as { ok: boolean; checks: Check[] });

test("doctor exits 0 with warnings when nothing blocks and explains each finding with a fix", async () => {
  await withSimulatedHost(() => ({ distros: [{ name: "Ubuntu", sparse: true }], wsl: { version: "1.2.5" }, hyperV: false }), async (host) => {
    const r = await runCli(["doctor", "--json"], host);
    assert.equal(r.code, 0, r.stderr);
    const doc = checks(r.stdout);
    assert.equal(doc.ok, true);
    const byId = (id: string) => doc.checks.find((c) => c.id === id);
    assert.match(byId("sparse")!.fix!, /^with WSL shut down: fsutil sparse setflag C:\\.*ext4\.vhdx 0/);
    assert.equal(byId("hyper-v")!.status, "warn");
    assert.match(byId("hyper-v")!.title, /optimize-vhd \(Optimize-VHD\) is unavailable/);
    assert.equal(byId("wsl-version")!.status, "warn");
    assert.equal(byId("wsl-version")!.fix, "wsl --update");
    assert.match(byId("target-name")!.title, /distros: Ubuntu/);
  });
});

test("doctor fails with exit 1 for a distro name that does not exist and lists the ones that do", async () => {
  await withSimulatedHost(() => ({ distros: [{ name: "Ubuntu" }, { name: "Debian" }] }), async (host) => {
    const r = await runCli(["doctor", "--target", "Ubunto"], host);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /\[no\] no distro, Docker disk or file named "Ubunto"/);
    assert.match(r.stdout, /fix: use one of: (Debian, Ubuntu|Ubuntu, Debian)$/m);
    assert.match(r.stderr, /^error: 1 check failed/m);
  });
});

test("doctor names what holds a running distro's disk and Docker Desktop's disk", async () => {
  await withSimulatedHost(() => ({ distros: [{ name: "Ubuntu", running: true }], docker: { layout: "4.30", running: true } }), async (host) => {
    const doc = checks((await runCli(["doctor", "--json"], host)).stdout);
    const locked = doc.checks.filter((c) => c.id === "locked");
    assert.ok(locked.some((c) => c.title.startsWith("Ubuntu:") && c.status === "warn"));
    const data = locked.find((c) => c.title.startsWith("docker_data.vhdx:"))!;
    assert.ok(data);
    const layout = doc.checks.find((c) => c.id === "docker-layout")!;
    assert.match(layout.title, /4\.30 and later/);
  });
});

test("doctor warns about sparseVhd=true and reports defaultVhdSize from .wslconfig", async () => {
  await withSimulatedHost(() => ({ distros: [{ name: "Ubuntu" }] }), async (host) => {
    await host.fs.writeText("C:\\Users\\me\\.wslconfig", "[wsl2]\r\ndefaultVhdSize=256GB\r\n[experimental]\r\nsparseVhd=true\r\n");
    const doc = checks((await runCli(["doctor", "--json"], host)).stdout);
    assert.equal(doc.checks.find((c) => c.id === "wslconfig-sparse")!.status, "warn");
    assert.match(doc.checks.find((c) => c.id === "wslconfig-size")!.title, /defaultVhdSize=256GB \(256\.0 GiB maximum/);
  });
});

test("doctor warns when the export folder has less free space than the distro's data", async () => {
  // A blank disk has no filesystem to measure, so the file size is the bound: 4 MB against 64 KB free.
  await withSimulatedHost(() => ({ distros: [{ name: "Ubuntu" }], freeBytes: 64 * 1024 }), async (host) => {
    const doc = checks((await runCli(["doctor", "--json"], host)).stdout);
    const space = doc.checks.find((c) => c.id === "export-space");
    assert.ok(space, JSON.stringify(doc.checks));
    assert.match(space!.fix!, /--export-path/);
  });
});
