import { test } from "node:test";
import assert from "node:assert/strict";
import { skipReason } from "./suite.ts";
import { debian, distroDisk, GUID, MODERN, scenario, shown, ubuntu } from "./scenario.ts";
import { userEnv } from "./support/machine.ts";

const skip = skipReason() ?? false;
const opts = { skip, timeout: 300_000 };

interface Listed {
  targets: { name: string; kind: string; path: string; owner?: string }[];
}

test("list finds every distro and Docker Desktop's legacy layout (two distros, data and engine)", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s), debian(s)], docker: { layout: "legacy", dataVhd: s.disks.dockerData.path } }));
  const r = await sc.product(["list", "--json"]);
  assert.equal(r.code, 0, shown(r));
  const byName = new Map((JSON.parse(r.stdout) as Listed).targets.map((t) => [t.name, t]));
  assert.deepEqual([...byName.keys()].sort(), ["Debian", "Ubuntu", "docker-desktop", "docker-desktop-data"]);
  assert.equal(byName.get("Ubuntu")?.path.toLowerCase(), distroDisk(GUID.ubuntu).toLowerCase());
  const local = userEnv().LOCALAPPDATA.toLowerCase();
  assert.equal(byName.get("docker-desktop-data")?.path.toLowerCase(), `${local}\\docker\\wsl\\data\\ext4.vhdx`);
});

test("list finds Docker Desktop 4.30's docker_data.vhdx, which is a bare disk and no distro", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)], docker: { layout: "4.30", dataVhd: s.disks.dockerData.path } }));
  const r = await sc.product(["list", "--json"]);
  assert.equal(r.code, 0, shown(r));
  const targets = (JSON.parse(r.stdout) as Listed).targets;
  const data = targets.find((t) => /docker_data\.vhdx$/i.test(t.path));
  assert.equal(data?.kind, "disk", shown(r));
  assert.ok(targets.some((t) => t.name === "docker-desktop" && t.kind === "distro"), shown(r));
  assert.ok(targets.some((t) => t.name === "Ubuntu"), shown(r));
});

test("list finds Docker Desktop's custom location on D: (settings-store.json, stored ending in DockerDesktopWSL as Docker's GUI writes it) and native compacts its data disk there", opts, async () => {
  // Docker stores the GUI's choice with DockerDesktopWSL and appends it only when missing (docs/windows-facts.md §10).
  const customDir = "D:\\DockerData\\DockerDesktopWSL";
  const sc = await scenario((s) => ({ ...MODERN, freeBytes: { C: 100 * 1024 ** 3, D: 100 * 1024 ** 3 }, distros: [ubuntu(s)],
    docker: { layout: "custom", customDir, dataVhd: s.disks.dockerData.path } }));
  const r = await sc.product(["list", "--json"]);
  assert.equal(r.code, 0, shown(r));
  const targets = (JSON.parse(r.stdout) as Listed).targets;
  const root = customDir.toLowerCase();
  const data = targets.find((t) => t.path.toLowerCase() === `${root}\\disk\\docker_data.vhdx`);
  assert.equal(data?.kind, "disk", shown(r));
  const engine = targets.find((t) => t.name === "docker-desktop");
  assert.equal(engine?.kind, "distro", shown(r));
  assert.equal(engine?.path.toLowerCase(), `${root}\\main\\ext4.vhdx`);
  assert.ok(targets.some((t) => t.name === "Ubuntu"), shown(r));

  const before = sc.size(data!.path);
  const shrink = await sc.product(["--strategy", "native", "--target", data!.path, "--yes"]);
  assert.equal(shrink.code, 0, shown(shrink));
  const after = sc.size(data!.path);
  assert.ok(after < sc.s.disks.dockerData.usedBytes + 8 * 1024 * 1024 && after < before / 2, `${before} -> ${after}`);
  await sc.judge(data!.path, sc.s.disks.dockerData);
});

interface Compared {
  targets: { target: { name: string }; strategies: { name: string; available: boolean; reason?: string; estimate: { sizeAfter: number; reclaimable: number } | null }[] }[];
}

test("compare shows all seven strategies with availability and estimates; sparse, optimize-vhd and wsl-compact follow the machine", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, hyperV: false, distros: [ubuntu(s)] }));
  const r = await sc.product(["compare", "--target", "Ubuntu", "--json"]);
  assert.equal(r.code, 0, shown(r));
  const rows = (JSON.parse(r.stdout) as Compared).targets[0].strategies;
  const byName = new Map(rows.map((row) => [row.name, row]));
  assert.deepEqual([...byName.keys()].sort(), ["diskpart", "export-import", "native", "optimize-vhd", "sparse", "unregister-only", "wsl-compact"]);
  const before = sc.size(distroDisk(GUID.ubuntu));
  for (const name of ["native", "export-import", "diskpart", "sparse"]) {
    const row = byName.get(name)!;
    assert.equal(row.available, true, `${name}: ${row.reason}`);
    assert.ok(row.estimate && row.estimate.sizeAfter < before && row.estimate.reclaimable > 0, `${name}: ${JSON.stringify(row.estimate)}`);
  }
  assert.equal(byName.get("optimize-vhd")?.available, false);
  assert.match(byName.get("optimize-vhd")?.reason ?? "", /Hyper-V/i);
  // WSL 2.5.10 has no wsl --manage --compact (read from its usage text).
  assert.equal(byName.get("wsl-compact")?.available, false);
  assert.match(byName.get("wsl-compact")?.reason ?? "", /has no wsl --manage --compact/);
  // Native reads the ext4 bitmaps: its exact figure is the used data plus VHDX structures.
  const native = byName.get("native")!.estimate!;
  assert.ok(native.sizeAfter < sc.s.disks.ubuntu.usedBytes + 8 * 1024 * 1024, JSON.stringify(native));
});

test("the emulated wsl.exe prints UTF-16LE unless WSL_UTF8=1 and fails with exit -1 and an error code", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s), debian(s)] }));
  const utf16 = await sc.m.run("wsl.exe", ["--list", "--quiet"]);
  assert.equal(utf16.code, 0);
  assert.equal(utf16.stdoutBytes.toString("utf16le").replace(/\r/g, ""), "Ubuntu\nDebian\n");
  const utf8 = await sc.m.run("wsl.exe", ["--list", "--quiet"], { WSL_UTF8: "1" });
  assert.equal(utf8.stdout.replace(/\r/g, ""), "Ubuntu\nDebian\n");
  const missing = await sc.m.run("wsl.exe", ["--unregister", "Nope"], { WSL_UTF8: "1" });
  assert.equal(missing.code, 255, "Linux sees the low byte of wsl.exe's -1");
  assert.match(missing.stderr, /Error code: Wsl\/Service\/WSL_E_DISTRO_NOT_FOUND/);
  const version = await sc.m.run("wsl.exe", ["--version"], { WSL_UTF8: "1" });
  assert.match(version.stdout, /^WSL version: 2\.5\.10/m);
});

test("Windows 10's in-box wsl.exe with no distro registered (no Error code line) is an empty list, not a failure", opts, async () => {
  const sc = await scenario(() => ({ wsl: { version: "inbox" }, windowsBuild: 19045, distros: [] }));
  const r = await sc.product(["list", "--json"]);
  assert.equal(r.code, 0, shown(r));
  const doc = JSON.parse(r.stdout) as Listed & { warnings: string[] };
  assert.deepEqual(doc.targets, [], shown(r));
  assert.deepEqual(doc.warnings, [], shown(r));
});
