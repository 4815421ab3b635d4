import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { makeDataVhdx, makeEmptyVhdx, withSimulatedHost } from "../tests/support/simulated.ts";
import { run } from "../tests/support/tools.ts";
import type { SimulatedHost } from "./mod.ts";
import { LXSS_KEY } from "./mod.ts";

const DISK = "C:\\wsl\\Data\\ext4.vhdx";
const data = (fx: string, extra: Record<string, unknown> = {}) => ({
  name: "Data", basePath: "C:\\wsl\\Data", vhd: makeDataVhdx(join(fx, "d.vhdx"), 3, 16), ...extra,
});

async function diskpartScript(host: SimulatedHost, disk = DISK): Promise<string> {
  await host.fs.mkdir("C:\\t");
  await host.fs.writeText("C:\\t\\compact.txt", `select vdisk file="${disk}"\r\nattach vdisk readonly\r\ncompact vdisk\r\ndetach vdisk\r\nexit\r\n`);
  return "C:\\t\\compact.txt";
}

test("diskpart without elevation fails with Access is denied", async () => {
  await withSimulatedHost((fx) => ({ distros: [data(fx)] }), async (host) => {
    const r = await host.exec("diskpart", ["/s", await diskpartScript(host)]);
    assert.notEqual(r.code, 0);
    assert.match(r.stdout, /DiskPart has encountered an error: Access is denied\./);
  });
});

test("diskpart compact drops the all-zero blocks of the real file, keeping its contents", async () => {
  await withSimulatedHost((fx) => ({ distros: [data(fx)], elevated: true }), async (host, tmp) => {
    const before = (await host.fs.stat(DISK))!.size;
    run("qemu-img", ["convert", "-O", "raw", host.fs.real(DISK), join(tmp, "before.raw")]);
    const r = await host.exec("diskpart", ["/s", await diskpartScript(host)]);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /Microsoft DiskPart version 10\.0\.22631/);
    assert.match(r.stdout, /DiskPart successfully compacted the virtual disk file\./);
    const after = (await host.fs.stat(DISK))!.size;
    assert.ok(after < before, `${after} < ${before}`);
    assert.equal(run("qemu-img", ["check", host.fs.real(DISK)]).status, 0);
    assert.equal(run("qemu-img", ["compare", "-f", "raw", "-F", "vhdx", join(tmp, "before.raw"), host.fs.real(DISK)]).status, 0);
    assert.equal(await host.fs.isLocked(DISK), false);
  });
});

test("diskpart reports a disk in use by a running distro with the documented exit code 4", async () => {
  await withSimulatedHost((fx) => ({ distros: [data(fx, { running: true })], elevated: true }), async (host) => {
    const r = await host.exec("diskpart", ["/s", await diskpartScript(host)]);
    assert.equal(r.code, 4);
    assert.match(r.stdout, /Virtual Disk Service error:\nThe process cannot access the file because it is being used by another process\./);
  });
});

test("Optimize-VHD is not recognized without Hyper-V", async () => {
  await withSimulatedHost((fx) => ({ distros: [data(fx)], elevated: true, hyperV: false }), async (host) => {
    const r = await host.exec("powershell.exe", ["-NoProfile", "-Command", `Optimize-VHD -Path '${DISK}' -Mode Full`]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Optimize-VHD : The term 'Optimize-VHD' is not recognized/);
    const m = await host.exec("powershell.exe", ["-NoProfile", "-Command", "Get-Module -ListAvailable Hyper-V"]);
    assert.equal(m.stdout.trim(), "");
  });
});

test("Optimize-VHD refuses sparse files and compacts after the flag is cleared with fsutil", async () => {
  await withSimulatedHost((fx) => ({ distros: [data(fx, { sparse: true })], elevated: true, hyperV: true }), async (host) => {
    const ps = (cmd: string) => host.exec("powershell.exe", ["-NoProfile", "-Command", cmd]);
    assert.match((await host.exec("fsutil", ["sparse", "queryflag", DISK])).stdout, /This file is set as sparse/);
    const refused = await ps(`Optimize-VHD -Path '${DISK}' -Mode Full`);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /must not be sparse/);
    assert.equal((await host.exec("fsutil", ["sparse", "setflag", DISK, "0"])).code, 0);
    assert.match((await host.exec("fsutil", ["sparse", "queryflag", DISK])).stdout, /NOT set as sparse/);
    const before = (await host.fs.stat(DISK))!.size;
    const r = await ps(`Mount-VHD -Path '${DISK}' -ReadOnly; Optimize-VHD -Path '${DISK}' -Mode Full; Dismount-VHD -Path '${DISK}'`);
    assert.equal(r.code, 0, r.stderr);
    assert.ok((await host.fs.stat(DISK))!.size < before);
    const info = await ps(`Get-VHD -Path '${DISK}'`);
    assert.match(info.stdout, /Size\s+: 16777216/);
  });
});

test("Optimize-VHD needs elevation", async () => {
  await withSimulatedHost((fx) => ({ distros: [data(fx)], hyperV: true }), async (host) => {
    const r = await host.exec("powershell.exe", ["-NoProfile", "-Command", `Optimize-VHD -Path '${DISK}' -Mode Quick`]);
    assert.match(r.stderr, /You do not have the required permission/);
  });
});

test("an elevated exec relaunches through Start-Process -Verb RunAs and passes the exit code back", async () => {
  await withSimulatedHost((fx) => ({ distros: [data(fx)] }), async (host) => {
    assert.equal(await host.isElevated(), false);
    const r = await host.exec("diskpart", ["/s", await diskpartScript(host)], { elevated: true });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "", "output does not cross the elevation boundary");
  });
});

test("a denied UAC prompt fails the elevated step", async () => {
  await withSimulatedHost((fx) => ({ distros: [data(fx)], faults: { elevationDenied: true } }), async (host) => {
    const r = await host.exec("diskpart", ["/s", "C:\\x.txt"], { elevated: true });
    assert.equal(r.code, 1223);
    assert.match(r.stderr, /The operation was canceled by the user\./);
  });
});

test("net session and whoami /groups reveal elevation", async () => {
  await withSimulatedHost(() => ({ elevated: false }), async (host) => {
    const r = await host.exec("net", ["session"]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "System error 5 has occurred.\n\nAccess is denied.\n\n");
    assert.match((await host.exec("whoami", ["/groups"])).stdout, /S-1-16-8192/);
  });
  await withSimulatedHost(() => ({ elevated: true }), async (host) => {
    assert.equal(await host.isElevated(), true);
    assert.match((await host.exec("whoami", ["/groups"])).stdout, /S-1-16-12288/);
  });
});

test("reg query prints reg.exe's layout, reg add changes a value, a missing key exits 1", async () => {
  await withSimulatedHost((fx) => ({ distros: [{ name: "U", vhd: makeEmptyVhdx(join(fx, "u.vhdx")), guid: "{11111111-2222-3333-4444-555555555555}", default: true }] }), async (host) => {
    const key = `${LXSS_KEY}\\{11111111-2222-3333-4444-555555555555}`;
    const q = await host.exec("reg", ["query", key]);
    assert.match(q.stdout, /^\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\\\{11111111-2222-3333-4444-555555555555\}\n {4}DistributionName {4}REG_SZ {4}U\n/);
    assert.match(q.stdout, / {4}Flags {4}REG_DWORD {4}0xf\n/);
    assert.equal((await host.exec("reg", ["add", key, "/v", "DefaultUid", "/t", "REG_DWORD", "/d", "1000", "/f"])).code, 0);
    assert.equal((await host.registry.values(key)).DefaultUid, 1000);
    const missing = await host.exec("reg", ["query", "HKCU\\Software\\Nope"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /unable to find the specified registry key/);
  });
});

test("docker prunes only while Docker Desktop runs; taskkill stops it and unlocks its disks", async () => {
  await withSimulatedHost(() => ({ docker: { layout: "4.30", running: true, reclaimableBytes: 1_200_000_000 } }), async (host) => {
    const disk = "C:\\Users\\me\\AppData\\Local\\Docker\\wsl\\disk\\docker_data.vhdx";
    assert.equal(await host.fs.isLocked(disk), true);
    const prune = await host.exec("docker", ["system", "prune", "-a", "--volumes", "-f"]);
    assert.match(prune.stdout, /Total reclaimed space: 1\.2GB\n$/);
    assert.match((await host.exec("tasklist", ["/FI", "IMAGENAME eq Docker Desktop.exe", "/FO", "CSV", "/NH"])).stdout, /^"Docker Desktop\.exe","12345"/);
    assert.equal((await host.exec("taskkill", ["/IM", "Docker Desktop.exe", "/F"])).code, 0);
    assert.equal(await host.fs.isLocked(disk), false);
    const info = await host.exec("docker", ["info"]);
    assert.equal(info.code, 1);
    assert.match(info.stderr, /docker daemon is not running/);
  });
});

test("a locked disk cannot be renamed or opened, like a sharing violation", async () => {
  await withSimulatedHost((fx) => ({ distros: [data(fx, { running: true })] }), async (host) => {
    await assert.rejects(host.fs.rename(DISK, "C:\\wsl\\Data\\old.vhdx"), { code: "EBUSY" });
    await assert.rejects(host.fs.open(DISK, "read"), { code: "EBUSY" });
  });
});

test("unregister and import faults fail with exit -1 and leave the registration alone", async () => {
  await withSimulatedHost((fx) => ({ distros: [data(fx)], faults: { unregisterFails: true, importFails: true } }), async (host) => {
    assert.equal((await host.exec("wsl", ["--unregister", "Data"])).code, -1);
    assert.equal(await host.fs.exists(DISK), true);
    await host.fs.mkdir("C:\\t");
    await host.exec("wsl", ["--export", "Data", "C:\\t\\d.tar"]);
    const imp = await host.exec("wsl", ["--import", "New", "C:\\wsl\\New", "C:\\t\\d.tar"]);
    assert.equal(imp.code, -1);
    assert.match(imp.stderr, /Importing the distribution failed\./);
    assert.equal((await host.registry.subkeys(LXSS_KEY)).length, 1);
  });
});
