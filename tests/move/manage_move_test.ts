import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { moveArgs, moveDistro, usageListsMove, wslHasMove } from "../../core/wsl/manage_move.ts";
import { WslCommandError } from "../../core/wsl/wsl_error.ts";
import { readRegisteredDistros } from "../../core/discover/wsl_registry.ts";
import { makeDataVhdx, withSimulatedHost } from "../support/simulated.ts";
import { mustRun } from "../support/tools.ts";

const GiB = 1024 ** 3;
const OLD_DIR = "C:\\wsl\\Ubuntu";
const NEW_DIR = "D:\\WSL\\Ubuntu";

test("--move is found in a usage text only as an option of its own", () => {
  assert.equal(usageListsMove("    --manage <Distro> <Options...>\n            --move <Location>\n"), true);
  assert.equal(usageListsMove("    --manage <Distro> <Options...>\n            --set-sparse, -s <true|false>\n            --remove-move-lock\n"), false);
  assert.deepEqual(moveArgs("Ubuntu", NEW_DIR), ["--manage", "Ubuntu", "--move", NEW_DIR]);
});

test("a Store wsl.exe has --manage --move and the in-box one does not", async () => {
  await withSimulatedHost(() => ({ wsl: { version: "2.3.26" } }), async (host) => assert.equal(await wslHasMove(host), true));
  await withSimulatedHost(() => ({ wsl: { version: "inbox" } }), async (host) => assert.equal(await wslHasMove(host), false));
});

test("moveDistro moves the disk and the registration follows it; a running distro is refused with WSL's reason and stays put", async () => {
  const spec = (running: boolean) => (fx: string) => ({
    distros: [{ name: "Ubuntu", basePath: OLD_DIR, vhd: makeDataVhdx(join(fx, "u.vhdx"), 2), running }],
    freeBytes: { C: 4 * GiB, D: 4 * GiB },
  });
  await withSimulatedHost(spec(false), async (host) => {
    await moveDistro(host, "Ubuntu", NEW_DIR);
    const [d] = await readRegisteredDistros(host);
    assert.equal(d.basePath, NEW_DIR);
    assert.equal(await host.fs.exists(`${OLD_DIR}\\ext4.vhdx`), false);
    mustRun("qemu-img", ["check", "-f", "vhdx", host.fs.real(`${NEW_DIR}\\${d.vhdFileName}`)]);
  });
  await withSimulatedHost(spec(true), async (host) => {
    await assert.rejects(moveDistro(host, "Ubuntu", NEW_DIR), (e) => e instanceof WslCommandError && e.wslCode === "Wsl/Service/MoveDistro/WSL_E_DISTRO_NOT_STOPPED");
    assert.equal((await readRegisteredDistros(host))[0].basePath, OLD_DIR);
    assert.equal(await host.fs.exists(`${OLD_DIR}\\ext4.vhdx`), true);
  });
});
