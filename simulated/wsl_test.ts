import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeEmptyVhdx, withSimulatedHost } from "../tests/support/simulated.ts";
import { run } from "../tests/support/tools.ts";
import { findTool, LXSS_KEY } from "./mod.ts";
import { encodeUtf16le } from "../core/host/decode.ts";

const ubuntu = (fx: string) => ({ name: "Ubuntu", vhd: makeEmptyVhdx(join(fx, "u.vhdx")), defaultUid: 1000, default: true, usedBytes: 2 * 1024 * 1024 });

test("wsl --list --verbose prints UTF-16LE with \\r\\r\\n line ends, the default first with a star", async () => {
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx), { name: "Debian", running: true }] }), async (host) => {
    const raw = await findTool("wsl")!(["--list", "--verbose"], { env: {}, machine: host.machine, elevated: false, run: () => Promise.reject() });
    assert.equal(raw.code, 0);
    const expected = encodeUtf16le("  NAME    ");
    assert.deepEqual(raw.stdout.subarray(0, expected.length), expected);
    const text = new TextDecoder("utf-16le").decode(raw.stdout);
    assert.match(text, /\r\r\n\* Ubuntu\s+Stopped\s+2\r\r\n  Debian\s+Running\s+2\r\r\n$/);
  });
});

test("WSL_UTF8=1 makes wsl.exe print UTF-8", async () => {
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx)], env: { WSL_UTF8: "1" } }), async (host) => {
    const raw = await findTool("wsl")!(["-l", "-q"], { env: { WSL_UTF8: "1" }, machine: host.machine, elevated: false, run: () => Promise.reject() });
    assert.equal(new TextDecoder().decode(raw.stdout), "Ubuntu\r\n");
  });
});

test("wsl --version reports the package version, and the in-box wsl.exe rejects it the in-box way", async () => {
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx)], wsl: { version: "2.3.26" } }), async (host) => {
    const r = await host.exec("wsl", ["--version"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^WSL version: 2\.3\.26\n/);
  });
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx)], wsl: { version: "inbox" } }), async (host) => {
    const r = await host.exec("wsl", ["--version"]);
    // docs/windows-facts.md §4: `Invalid command line option`, the copyright line and the usage; non-zero exit.
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^Invalid command line option: --version\nCopyright \(c\) Microsoft Corporation/);
  });
});

test("the in-box wsl.exe rejects --export … --format tar and --manage, and exports a tar without --format", async () => {
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx)], wsl: { version: "inbox" } }), async (host) => {
    const tar = "C:\\Users\\me\\AppData\\Local\\Temp\\u.tar";
    const withFormat = await host.exec("wsl", ["--export", "Ubuntu", tar, "--format", "tar"]);
    assert.equal(withFormat.code, 1);
    assert.match(withFormat.stdout, /^Invalid command line option: --format\n/);
    assert.equal(await host.fs.exists(tar), false);
    assert.match((await host.exec("wsl", ["--manage", "Ubuntu", "--set-sparse", "true"])).stdout, /^Invalid command line option: --manage/);
    const plain = await host.exec("wsl", ["--export", "Ubuntu", tar]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(await host.fs.exists(tar), true);
  });
});

test("a German wsl.exe prints Resources.resw's de-DE texts and `Fehlercode:` before the untranslated code", async () => {
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx)], locale: "de-DE" }), async (host) => {
    const r = await host.exec("wsl", ["--terminate", "Nope"]);
    assert.equal(r.code, -1);
    assert.equal(r.stderr, "Es ist keine Distribution mit dem angegebenen Namen vorhanden.\nFehlercode: Wsl/Service/WSL_E_DISTRO_NOT_FOUND\n");
    assert.match((await host.exec("wsl", ["--list"])).stdout, /^Windows Subsystem für Linux-Distributionen:\nUbuntu \(Standard\)\n/);
    // Headers and state words of --list --verbose are constants in WslClient.cpp: English everywhere.
    assert.match((await host.exec("wsl", ["--list", "--verbose"])).stdout, /^\s+NAME\s+STATE\s+VERSION\n\* Ubuntu\s+Stopped\s+2/);
  });
});

test("an unknown distro fails with WSL_E_DISTRO_NOT_FOUND and exit -1", async () => {
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx)] }), async (host) => {
    const r = await host.exec("wsl.exe", ["--terminate", "Nope"]);
    assert.equal(r.code, -1);
    assert.equal(r.stderr, "There is no distribution with the supplied name.\nError code: Wsl/Service/WSL_E_DISTRO_NOT_FOUND\n");
  });
});

test("export writes a real tar that tar -tf lists, sized like the used bytes", async () => {
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx)] }), async (host) => {
    const r = await host.exec("wsl", ["--export", "Ubuntu", "C:\\Users\\me\\backup.tar"]);
    assert.equal(r.code, 0, r.stderr);
    const real = host.fs.real("C:\\Users\\me\\backup.tar");
    const listing = run("tar", ["-tf", real]);
    assert.equal(listing.status, 0, listing.stderr);
    assert.match(listing.stdout, /\.\/etc\/passwd\n/);
    const passwd = run("tar", ["-xOf", real, "./etc/passwd"]).stdout;
    assert.match(passwd, /:1000:1000:/);
    const size = (await host.fs.stat("C:\\Users\\me\\backup.tar"))!.size;
    assert.ok(Math.abs(size - 2 * 1024 * 1024) < 64 * 1024, `tar size ${size}`);
  });
});

test("import creates a compact VHDX that qemu-img check accepts and registers it with DefaultUid 0", async () => {
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx)] }), async (host) => {
    await host.fs.mkdir("C:\\t");
    assert.equal((await host.exec("wsl", ["--export", "Ubuntu", "C:\\t\\u.tar"])).code, 0);
    const r = await host.exec("wsl", ["--import", "Ubuntu2", "C:\\wsl\\Ubuntu2", "C:\\t\\u.tar", "--version", "2"]);
    assert.equal(r.code, 0, r.stderr);
    const disk = "C:\\wsl\\Ubuntu2\\ext4.vhdx";
    const check = run("qemu-img", ["check", host.fs.real(disk)]);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const ids = await host.registry.subkeys(LXSS_KEY);
    const values = await Promise.all(ids.map((id) => host.registry.values(`${LXSS_KEY}\\${id}`)));
    const imported = values.find((v) => v.DistributionName === "Ubuntu2")!;
    assert.equal(imported.DefaultUid, 0);
    assert.equal(imported.BasePath, "C:\\wsl\\Ubuntu2");
    assert.ok((await host.fs.stat(disk))!.size < 16 * 1024 * 1024);
  });
});

test("import refuses an existing name, works elevated, and fails elevated only on a machine that refuses it (0x8007051b)", async () => {
  // Elevated import works on current WSL (microsoft/WSL#6744); the failure is a fault some machines show
  // (wslcompact#38; docs/windows-behaviour.md).
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx)], elevated: true }), async (host) => {
    await host.fs.mkdir("C:\\t");
    await host.exec("wsl", ["--export", "Ubuntu", "C:\\t\\u.tar"]);
    const ok = await host.exec("wsl", ["--import", "Other", "C:\\x", "C:\\t\\u.tar"]);
    assert.equal(ok.code, 0, ok.stderr);
  });
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx)], elevated: true, faults: { elevatedImportFails: true } }), async (host) => {
    await host.fs.mkdir("C:\\t");
    await host.exec("wsl", ["--export", "Ubuntu", "C:\\t\\u.tar"]);
    const dup = await host.exec("wsl", ["--import", "ubuntu", "C:\\x", "C:\\t\\u.tar"]);
    assert.match(dup.stderr, /ERROR_ALREADY_EXISTS/);
    const elevated = await host.exec("wsl", ["--import", "Other", "C:\\x", "C:\\t\\u.tar"]);
    assert.equal(elevated.code, -1);
    assert.match(elevated.stderr, /RegisterDistro\/0x8007051b/);
  });
});

test("unregister removes the disk file and the registry key", async () => {
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx)] }), async (host) => {
    const before = await host.registry.subkeys(LXSS_KEY);
    const d = (await host.registry.values(`${LXSS_KEY}\\${before[0]}`)).BasePath as string;
    const r = await host.exec("wsl", ["--unregister", "Ubuntu"]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "Unregistering.\nThe operation completed successfully.\n");
    assert.deepEqual(await host.registry.subkeys(LXSS_KEY), []);
    assert.equal(await host.fs.exists(`${d}\\ext4.vhdx`), false);
  });
});

test("set-sparse true needs --allow-unsafe from WSL 2.5.8 on, and is refused while the distro runs", async () => {
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx)], wsl: { version: "2.6.1" } }), async (host) => {
    const gated = await host.exec("wsl", ["--manage", "Ubuntu", "--set-sparse", "true"]);
    assert.equal(gated.code, -1);
    assert.match(gated.stderr, /Error code: Wsl\/Service\/E_INVALIDARG\n$/);
    const forced = await host.exec("wsl", ["--manage", "Ubuntu", "--set-sparse", "true", "--allow-unsafe"]);
    assert.equal(forced.code, 0, forced.stderr);
    const path = (await host.fs.listDir("C:\\Users\\me\\AppData\\Local\\wsl")).map((g) => `C:\\Users\\me\\AppData\\Local\\wsl\\${g}\\ext4.vhdx`)[0];
    assert.equal((await host.fs.stat(path))!.isSparse, true);
    assert.equal((await host.exec("wsl", ["-d", "Ubuntu", "-e", "true"])).code, 0);
    const busy = await host.exec("wsl", ["--manage", "Ubuntu", "--set-sparse", "false"]);
    assert.match(busy.stderr, /WSL_E_DISTRO_NOT_STOPPED/);
    assert.equal((await host.exec("wsl", ["--shutdown"])).code, 0);
    assert.equal((await host.exec("wsl", ["--manage", "Ubuntu", "--set-sparse", "false"])).code, 0);
  });
});

test("fstrim through wsl -e prints util-linux UTF-8 output and starts the distro", async () => {
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx)] }), async (host) => {
    const r = await host.exec("wsl", ["-d", "Ubuntu", "-u", "root", "-e", "fstrim", "-av"], { encoding: "utf8" });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^\/: [\d.]+ GiB \(\d+ bytes\) trimmed on \/dev\/sdc\n$/);
    assert.match((await host.exec("wsl", ["-l", "-v"])).stdout, /Ubuntu\s+Running/);
  });
});

test("a failing export leaves a partial tar and exits -1", async () => {
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx)], faults: { exportFailsAt: 0.5 } }), async (host) => {
    await host.fs.mkdir("C:\\t");
    const r = await host.exec("wsl", ["--export", "Ubuntu", "C:\\t\\u.tar"]);
    assert.equal(r.code, -1);
    assert.match(r.stderr, /Exporting the distribution failed/);
    const size = (await host.fs.stat("C:\\t\\u.tar"))!.size;
    assert.ok(size > 0 && size < 2 * 1024 * 1024, String(size));
  });
});

test("export to a full drive fails like ENOSPC and the free space is enforced", async () => {
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx)], freeBytes: 1024 * 1024 }), async (host) => {
    assert.ok((await host.fs.freeSpace("C:\\")) <= 1024 * 1024);
    await host.fs.mkdir("C:\\t");
    const r = await host.exec("wsl", ["--export", "Ubuntu", "C:\\t\\u.tar"]);
    assert.equal(r.code, -1);
    assert.match(r.stderr, /There is not enough space on the disk\./);
  });
});

test("Ctrl-C (an aborted signal) terminates an export mid-way", async () => {
  await withSimulatedHost((fx) => ({ distros: [ubuntu(fx)], faults: { chunkDelayMs: 20 } }), async (host) => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    await host.fs.mkdir("C:\\t");
    const r = await host.exec("wsl", ["--export", "Ubuntu", "C:\\t\\u.tar"], { signal: ac.signal });
    assert.equal(r.code, 143);
    assert.ok((await host.fs.stat("C:\\t\\u.tar"))!.size < 2 * 1024 * 1024);
  });
});
