import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { mkdirSync, writeFileSync } from "node:fs";
import { makeExt4Image, toVhdx, withTempDir } from "../../tests/support/tools.ts";
import { makeDataVhdx, withSimulatedHost } from "../../tests/support/simulated.ts";
import { runCli } from "../../tests/support/cli.ts";
import { winPathKey } from "../../simulated/win_path.ts";
import type { SimulatedHost } from "../../simulated/mod.ts";

interface Check { id: string; status: string; title: string; detail?: string; fix?: string }

async function doctor(host: SimulatedHost): Promise<Check[]> {
  const r = await runCli(["doctor", "--json"], host);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return (JSON.parse(r.stdout) as { checks: Check[] }).checks;
}

async function pathOf(host: SimulatedHost, name: string): Promise<string> {
  const r = await runCli(["list", "--json"], host);
  return (JSON.parse(r.stdout) as { targets: { name: string; path: string }[] }).targets.find((t) => t.name === name)!.path;
}

test("doctor fails an NTFS-compressed or EFS-encrypted VHDX and gives the command that undoes it", async () => {
  await withSimulatedHost(() => ({ distros: [{ name: "Ubuntu" }, { name: "Debian" }] }), async (host) => {
    const ubuntu = await pathOf(host, "Ubuntu");
    const debian = await pathOf(host, "Debian");
    await host.machine.update((s) => void (s.compressedOrEncrypted = { [winPathKey(ubuntu)]: { compressed: true }, [winPathKey(debian)]: { encrypted: true } }));
    const found = (await doctor(host)).filter((c) => c.id === "vhdx-compressed");
    assert.equal(found.length, 2, JSON.stringify(found));
    const u = found.find((c) => c.title.startsWith("Ubuntu"))!;
    assert.equal(u.status, "fail");
    assert.match(u.title, /NTFS-compressed/);
    assert.match(u.fix!, /^with WSL shut down \(wsl --shutdown\): compact \/u "?C:\\Users/);
    assert.match(found.find((c) => c.title.startsWith("Debian"))!.fix!, /cipher \/d /);
  });
});

test("doctor warns about a sparse distro disk on a WSL that marks sparse disks unsafe, not on an older one", async () => {
  for (const [version, expected] of [["2.5.10", 1], ["2.3.26", 0]] as const) {
    await withSimulatedHost(() => ({ wsl: { version }, distros: [{ name: "Ubuntu", sparse: true }] }), async (host) => {
      const found = (await doctor(host)).filter((c) => c.id === "sparse-unsafe");
      assert.equal(found.length, expected, `${version}: ${JSON.stringify(found)}`);
      if (expected) assert.equal(found[0].fix, "back it up (wsl --export Ubuntu backup.tar), then: wsl --manage Ubuntu --set-sparse false");
    });
  }
});

test("doctor says a WSL 1 distro has no VHDX and how to convert it", async () => {
  await withSimulatedHost(() => ({ distros: [{ name: "Legacy", wsl1: true }, { name: "Ubuntu" }] }), async (host) => {
    const found = (await doctor(host)).filter((c) => c.id === "wsl1");
    assert.deepEqual(found.map((c) => c.fix), ["to move it to WSL 2 (a VHDX this tool can shrink): wsl --set-version Legacy 2"]);
  });
});

test("doctor warns when Docker Desktop's disk limit is more than its volume can hold", async () => {
  await withSimulatedHost((f) => ({ docker: { layout: "4.30", dataVhd: makeDataVhdx(join(f, "d.vhdx"), 2, 16) }, freeBytes: 10 * 1024 ** 3 }), async (host) => {
    const settings = `${host.env("APPDATA")}\\Docker\\settings-store.json`;
    await host.fs.mkdir(`${host.env("APPDATA")}\\Docker`);
    await host.fs.writeText(settings, JSON.stringify({ DiskSizeMiB: 1024 * 1024 }));
    const over = (await doctor(host)).find((c) => c.id === "docker-disk-limit")!;
    assert.equal(over.status, "warn", JSON.stringify(over));
    assert.match(over.title, /may grow to 1\.0 TiB, but its volume has 10\.0 GiB free/);
    assert.match(over.fix!, /^lower Settings > Resources > Advanced > Disk usage limit to at most 10\.0 GiB/);
    await host.fs.writeText(settings, JSON.stringify({ DiskSizeMiB: 4096 }));
    assert.equal((await doctor(host)).find((c) => c.id === "docker-disk-limit")?.status, "ok");
  });
});

test("doctor warns when Docker Desktop's isocache inside docker_data.vhdx keeps more ISOs than one release uses", async () => {
  await withTempDir(async (tmp) => {
    const root = join(tmp, "root");
    for (const name of ["docker-desktop.iso", "docker-wsl-cli.iso", "services.iso", "docker-desktop-4.69.iso", "docker-wsl-cli-4.69.iso"]) {
      mkdirSync(join(root, "isocache", "entries"), { recursive: true });
      writeFileSync(join(root, "isocache", "entries", name), new Uint8Array(256 * 1024).fill(7));
    }
    const raw = join(tmp, "data.img");
    makeExt4Image(raw, { size: "32M", populateFrom: root });
    const vhdx = join(tmp, "docker_data.vhdx");
    toVhdx(raw, vhdx);
    await withSimulatedHost(() => ({ docker: { layout: "4.30", dataVhd: vhdx } }), async (host) => {
      const found = (await doctor(host)).filter((c) => c.id === "docker-isocache");
      assert.equal(found.length, 1, JSON.stringify(found));
      assert.match(found[0].title, /^docker_data\.vhdx: Docker Desktop's isocache holds 5 ISO files \(1\.\d+ MiB\); one release uses 3$/);
      assert.match(found[0].fix!, /wsl -d docker-desktop ls -lt \/mnt\/docker-desktop-disk\/isocache\/entries/);
    });
  });
});
