import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { Buffer } from "node:buffer";
import { parsePowerShell } from "./powershell_script.ts";
import { makeDataVhdx, withSimulatedHost } from "../../tests/support/simulated.ts";

// about_PowerShell_exe, section -Command (docs/windows-facts.md §1), on the emulated powershell.exe.
const DISK = "C:\\wsl\\Data\\ext4.vhdx";
const machine = (extra: Record<string, unknown> = {}) => (fx: string) => ({
  distros: [{ name: "Data", basePath: "C:\\wsl\\Data", vhd: makeDataVhdx(join(fx, "d.vhdx"), 2, 8) }], elevated: true, hyperV: true, ...extra,
});
const ps = (script: string) => ["-NoProfile", "-NonInteractive", "-Command", script];

test("-Command exits with the last statement's result only: a failure before a success exits 0", async () => {
  await withSimulatedHost(machine({ faults: { optimizeFails: true } }), async (host) => {
    const r = await host.exec("powershell.exe", ps(`Mount-VHD -Path '${DISK}' -ReadOnly; Optimize-VHD -Path '${DISK}' -Mode Full; Dismount-VHD -Path '${DISK}'`));
    assert.equal(r.code, 0, "the failed Optimize-VHD is lost");
    assert.match(r.stderr, /^Optimize-VHD : Failed to compact the virtual disk\./m, "but its error record was written");
    const last = await host.exec("powershell.exe", ps(`Mount-VHD -Path '${DISK}' -ReadOnly; Dismount-VHD -Path '${DISK}'; Optimize-VHD -Path '${DISK}' -Mode Full`));
    assert.equal(last.code, 1, "a failing last statement exits 1");
  });
});

test("a native program's exit code other than 0 and 1 becomes 1 unless passed on with exit $LASTEXITCODE", async () => {
  await withSimulatedHost(machine(), async (host) => {
    assert.equal((await host.exec("diskpart", ["/s", "C:\\missing.txt"])).code, 3);
    assert.equal((await host.exec("powershell.exe", ps("diskpart /s C:\\missing.txt"))).code, 1);
    assert.equal((await host.exec("powershell.exe", ps("diskpart /s C:\\missing.txt; exit $LASTEXITCODE"))).code, 3);
  });
});

test("throw, -ErrorAction Stop and $ErrorActionPreference = 'Stop' end the script with exit code 1 and skip the rest", async () => {
  await withSimulatedHost(machine({ faults: { optimizeFails: true } }), async (host) => {
    const thrown = await host.exec("powershell.exe", ps(`throw 'boom'; Mount-VHD -Path '${DISK}' -ReadOnly`));
    assert.equal(thrown.code, 1);
    assert.deepEqual((await host.machine.read()).attached, {}, "Mount-VHD after the throw never ran");
    const stop = await host.exec("powershell.exe", ps(`Optimize-VHD -Path '${DISK}' -Mode Full -ErrorAction Stop; exit 0`));
    assert.equal(stop.code, 1);
    const pref = await host.exec("powershell.exe", ps(`$ErrorActionPreference = 'Stop'; Optimize-VHD -Path '${DISK}' -Mode Full; exit 0`));
    assert.equal(pref.code, 1);
  });
});

test("try/catch/finally: a terminating error runs catch, finally always runs, exit N gives N", async () => {
  await withSimulatedHost(machine({ faults: { optimizeFails: true } }), async (host) => {
    const r = await host.exec("powershell.exe", ps(
      `$ErrorActionPreference = 'Stop'; $code = 2; try { Mount-VHD -Path '${DISK}' -ReadOnly; $code = 3; Optimize-VHD -Path '${DISK}' -Mode Full; $code = 0 } ` +
      `catch { [Console]::Error.WriteLine($_.Exception.Message) } finally { if ($code -ne 2) { Dismount-VHD -Path '${DISK}' } }; exit $code`));
    assert.equal(r.code, 3);
    assert.match(r.stderr.split("\n")[0], /^Failed to compact the virtual disk\. The system failed to compact/);
    assert.deepEqual((await host.machine.read()).attached, {}, "the finally block detached the disk");
  });
});

test("Start-Process -ArgumentList joins its items with single spaces and quotes nothing", async () => {
  await withSimulatedHost(machine({ elevated: false }), async (host) => {
    await host.fs.mkdir("C:\\Dev User");
    await host.fs.writeText("C:\\Dev User\\s.txt", "exit\r\n");
    const start = (list: string) => host.exec("powershell.exe", ps(`$p = Start-Process -FilePath 'diskpart' -ArgumentList ${list} -Verb RunAs -Wait -PassThru; exit $p.ExitCode`));
    assert.equal((await start("'/s','C:\\Dev User\\s.txt'")).code, 3, "diskpart got C:\\Dev and User\\s.txt: it cannot open its script");
    assert.equal((await start(`'/s "C:\\Dev User\\s.txt"'`)).code, 0, "quoted by the caller, the path stays one argument");
  });
});

test("a declined UAC prompt is an error of Start-Process that a catch block sees", async () => {
  await withSimulatedHost(machine({ elevated: false, faults: { elevationDenied: true } }), async (host) => {
    const uncaught = await host.exec("powershell.exe", ps("$p = Start-Process -FilePath 'diskpart' -Verb RunAs -Wait -PassThru; if (-not $p) { exit 1223 }; exit $p.ExitCode"));
    assert.equal(uncaught.code, 1223, "statement-terminating: the next statement still runs");
    const caught = await host.exec("powershell.exe", ps("try { $p = Start-Process -FilePath 'diskpart' -Verb RunAs -Wait -PassThru -ErrorAction Stop } catch { exit 7 }; exit 0"));
    assert.equal(caught.code, 7);
  });
});

// about_Quoting_Rules (docs/windows-facts.md §10): written out by hand here, not with the product's quoting.
test("single-quoted strings open and close at any of the five single quotes; a doubled one is one character", () => {
  const tokens = (s: string) => {
    const [n] = parsePowerShell(s);
    return n.kind === "command" ? n.tokens : [];
  };
  assert.deepEqual(tokens("Get-VHD -Path 'Bob\u2019\u2019s'"), ["Get-VHD", "-Path", "Bob\u2019s"]);
  assert.deepEqual(tokens("Get-VHD -Path \u2018a b\u2019"), ["Get-VHD", "-Path", "a b"]);
  assert.deepEqual(tokens("Get-VHD -Path \u201Ax\u201B"), ["Get-VHD", "-Path", "x"]);
  assert.deepEqual(tokens("Get-VHD -Path 'a''b'"), ["Get-VHD", "-Path", "a'b"]);
  assert.deepEqual(tokens("Get-VHD -Path \u201Cq\u201D"), ["Get-VHD", "-Path", "q"]);
  assert.deepEqual(parsePowerShell("Get-VHD -Path 'C:\\VMs\u2019; exit 42; \u2019'").map((n) => n.kind), ["command", "exit", "command"], "an undoubled U+2019 ends the string");
});

test("static .NET calls nest as values: base64 decoded inside the script is the text", async () => {
  await withSimulatedHost(machine(), async (host) => {
    const b64 = Buffer.from("C:\\a\u2019; exit 42; \u2019", "utf8").toString("base64");
    const same = await host.exec("powershell.exe", ps(`$p = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${b64}')); if ($p -eq 'C:\\a\u2019\u2019; exit 42; \u2019\u2019') { exit 3 }; exit 4`));
    assert.equal(same.code, 3);
    const other = await host.exec("powershell.exe", ps(`$p = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${b64}')); if ($p -eq 'C:\\a') { exit 3 }; exit 4`));
    assert.equal(other.code, 4);
  });
});
