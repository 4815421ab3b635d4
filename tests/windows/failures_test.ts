import { test } from "node:test";
import assert from "node:assert/strict";
import { skipReason } from "./suite.ts";
import { distroDisk, GUID, MODERN, scenario, shown, ubuntu } from "./scenario.ts";
import type { Scenario } from "./scenario.ts";
import { userEnv } from "./support/machine.ts";
import { winPathKey } from "../../simulated/win_path.ts";
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { openBlockFile } from "../../core/io/block_file.ts";
import { zeroVirtualRanges } from "../../simulated/vhdx_blocks.ts";

const skip = skipReason() ?? false;
const opts = { skip, timeout: 300_000 };
const UBUNTU = distroDisk(GUID.ubuntu);

/** Ubuntu is registered once, on the very same bytes (`hash`), with its default user, and nothing else is. */
async function assertUbuntuUntouched(sc: Scenario, hash: string): Promise<void> {
  const distros = await sc.distros();
  assert.deepEqual(Object.keys(distros), [GUID.ubuntu], "no temporary distro is left registered");
  assert.equal(distros[GUID.ubuntu].DefaultUid, 1000);
  assert.equal(sc.sha256(UBUNTU), hash, "the disk is byte for byte unchanged");
  assert.deepEqual(sc.m.state().attached, {}, "no disk is left attached");
}

/** No export tar is left in %TEMP%. */
function assertNoTarLeft(sc: Scenario): void {
  const temp = sc.m.real(userEnv().TEMP);
  assert.ok(existsSync(temp), `the user's temp folder ${temp} exists (freshMachine makes it)`);
  const tars = readdirSync(temp, { recursive: true }).map(String).filter((n) => n.endsWith(".tar"));
  assert.deepEqual(tars, []);
}

test("export-import: a failing wsl --export leaves Ubuntu registered on its unchanged disk, with no temporary distro", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)], faults: { exportFailsAt: 0.5 } }));
  const hash = sc.sha256(UBUNTU);
  const r = await sc.product(["--strategy", "export-import", "--target", "Ubuntu", "--yes"]);
  assert.notEqual(r.code, 0, shown(r));
  // The export step failed (every line names the strategy export-import: match the step's own message).
  assert.match(r.stderr, /export failed, Ubuntu is unchanged \(the partial tar was deleted\)/, shown(r));
  await assertUbuntuUntouched(sc, hash);
});

test("export-import: a failing wsl --import leaves Ubuntu as it was and no temporary distro", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)], faults: { importFails: true } }));
  const hash = sc.sha256(UBUNTU);
  const r = await sc.product(["--strategy", "export-import", "--target", "Ubuntu", "--yes"]);
  assert.notEqual(r.code, 0, shown(r));
  assert.match(r.stderr, /temporary distro failed, so Ubuntu is unchanged/, shown(r));
  await assertUbuntuUntouched(sc, hash);
});

// Under Wine 8 Bun's recursive fs.rm fails with EFAULT; LocalFs.remove falls back to unlink/rmdir.
test("export-import: the partial tar of a failed export is deleted", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)], faults: { exportFailsAt: 0.5 } }));
  const r = await sc.product(["--strategy", "export-import", "--target", "Ubuntu", "--yes"]);
  assert.notEqual(r.code, 0, shown(r));
  assert.match(r.stderr, /export failed, Ubuntu is unchanged \(the partial tar was deleted\)/, shown(r));
  assertNoTarLeft(sc);
});

test("export-import on a full C: drive: wsl --export runs out of space, Ubuntu is unchanged and no tar is left", opts, async () => {
  // The product's own free-space check reads the real volume; only the emulated wsl.exe sees 4 MiB free.
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)], freeBytes: 4 * 1024 * 1024 }));
  const hash = sc.sha256(UBUNTU);
  const r = await sc.product(["--strategy", "export-import", "--target", "Ubuntu", "--yes"]);
  assert.notEqual(r.code, 0, shown(r));
  assert.match(r.stderr, /export failed, Ubuntu is unchanged \(the partial tar was deleted\).*space/is, shown(r));
  await assertUbuntuUntouched(sc, hash);
  assertNoTarLeft(sc);
});

test("export-import run elevated warns, and where wsl --import fails elevated (0x8007051b) changes nothing and says to use a normal terminal", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, elevated: true, faults: { elevatedImportFails: true }, distros: [ubuntu(s)] }));
  const hash = sc.sha256(UBUNTU);
  const r = await sc.product(["--strategy", "export-import", "--target", "Ubuntu", "--yes"]);
  assert.notEqual(r.code, 0, shown(r));
  assert.match(r.stdout + r.stderr, /running elevated/, shown(r));
  assert.match(r.stdout + r.stderr, /0x8007051b.*normal \(not administrator\) terminal/, shown(r));
  await assertUbuntuUntouched(sc, hash);
});

/** The hash Ubuntu's disk has once `fstrim` discarded its free ranges (the emulated trim zeroes them). */
async function hashAfterTrim(sc: Scenario): Promise<string> {
  const copy = join(sc.m.stateDir, "trimmed-copy.vhdx");
  copyFileSync(sc.m.real(UBUNTU), copy);
  const f = await openBlockFile(copy, "write");
  await zeroVirtualRanges(f, sc.s.disks.ubuntu.freeRanges).finally(() => f.close());
  const hash = createHash("sha256").update(readFileSync(copy)).digest("hex");
  rmSync(copy);
  return hash;
}

test("diskpart: a declined UAC prompt (not elevated) ends with the disk unchanged but for fstrim's discards, and detached", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)], faults: { elevationDenied: true } }));
  // The trim inside the distro runs before the elevated step: its discarded free blocks read as zeros.
  const hash = await hashAfterTrim(sc);
  const r = await sc.product(["--strategy", "diskpart", "--target", "Ubuntu", "--yes"]);
  assert.notEqual(r.code, 0, shown(r));
  await assertUbuntuUntouched(sc, hash);
});

test("optimize-vhd without Hyper-V is refused before anything runs", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, hyperV: false, distros: [ubuntu(s)] }));
  const hash = sc.sha256(UBUNTU);
  const r = await sc.product(["--strategy", "optimize-vhd", "--target", "Ubuntu", "--yes"]);
  assert.notEqual(r.code, 0, shown(r));
  assert.match(r.stdout + r.stderr, /Hyper-V/i);
  await assertUbuntuUntouched(sc, hash);
});

test("sparse without --allow-unsafe stops at WSL's gate and leaves the flag unset", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)] }));
  const hash = sc.sha256(UBUNTU);
  const r = await sc.product(["--strategy", "sparse", "--target", "Ubuntu", "--yes"]);
  assert.notEqual(r.code, 0, shown(r));
  assert.match(r.stdout + r.stderr, /allow-unsafe/);
  assert.equal(sc.m.state().sparse[winPathKey(UBUNTU)], undefined);
  await assertUbuntuUntouched(sc, hash);
});
