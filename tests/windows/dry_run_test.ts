/**
 * The .exe's `--dry-run` prints commands a user can paste into cmd: fsutil, a cmd
 * program, with the path in double quotes by the C runtime rules, never PowerShell's single quotes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { skipReason } from "./suite.ts";
import { GUID, MODERN, scenario, shown, ubuntu } from "./scenario.ts";
import { machineProfile } from "../../simulated/profiles.ts";

const skip = skipReason() ?? false;
const opts = { skip, timeout: 300_000 };

test("optimize-vhd --dry-run on a sparse disk under a folder with a space shows fsutil quoted for cmd", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, hyperV: true, distros: [ubuntu(s, { sparse: true })] }), machineProfile("spaced-user"));
  const r = await sc.product(["--strategy", "optimize-vhd", "--target", "Ubuntu", "--dry-run"]);
  assert.equal(r.code, 0, shown(r));
  assert.ok(r.stdout.includes(`fsutil sparse setflag "${sc.disk(GUID.ubuntu)}" 0`), shown(r));
  assert.doesNotMatch(r.stdout, /fsutil[^\n]*'/, "no PowerShell quotes on a cmd command");
});
