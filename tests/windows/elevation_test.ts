/**
 * Elevated steps in the .exe under Wine: the product runs with the limited-token switch (the
 * scenario machine is not elevated), so optimize-vhd and diskpart go through the UAC relaunch of
 * the Bun-built executable, the emulated powershell.exe and diskpart.exe. A disk under a folder
 * whose name would be code in a naively quoted PowerShell string reaches them as exactly that path.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { skipReason } from "./suite.ts";
import { MODERN, scenario, shown, ubuntu } from "./scenario.ts";

const skip = skipReason() ?? false;
const opts = { skip, timeout: 300_000 };

/** U+2019 ends a single-quoted PowerShell string too (about_Quoting_Rules). */
const EVIL_UNICODE = "C:\\VMs\u2019; exit 42; \u2019\\Ubuntu";
/** diskpart reads its script in the OEM code page (437 here), which has no U+2019: the ASCII quote. */
const EVIL_ASCII = "C:\\VMs'; exit 42; '\\Ubuntu";

test("optimize-vhd through the UAC relaunch compacts a disk under \"VMs’; exit 42; ’\" (the path reaches Optimize-VHD exactly)", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, hyperV: true, distros: [ubuntu(s, { basePath: EVIL_UNICODE })] }));
  const disk = `${EVIL_UNICODE}\\ext4.vhdx`;
  const before = sc.size(disk);
  const r = await sc.product(["--strategy", "optimize-vhd", "--target", "Ubuntu", "--yes"]);
  assert.equal(r.code, 0, shown(r));
  assert.match(r.stderr + r.stdout, /waiting for the UAC prompt/, shown(r));
  assert.ok(sc.size(disk) < before / 2, `${before} -> ${sc.size(disk)}`);
  assert.deepEqual(sc.m.state().attached, {});
});

test("diskpart through the UAC relaunch compacts a disk under \"VMs'; exit 42; '\": the elevated side writes its own script", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s, { basePath: EVIL_ASCII })] }));
  const disk = `${EVIL_ASCII}\\ext4.vhdx`;
  const before = sc.size(disk);
  const r = await sc.product(["--strategy", "diskpart", "--target", "Ubuntu", "--yes"]);
  assert.equal(r.code, 0, shown(r));
  assert.ok(sc.size(disk) < before / 2, `${before} -> ${sc.size(disk)}`);
  assert.deepEqual(sc.m.state().attached, {});
});
