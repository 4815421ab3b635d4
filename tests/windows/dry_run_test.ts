/**
 * The .exe's `--dry-run` under a folder with a space and a non-ASCII letter: the elevated
 * PowerShell step carries the disk's path as base64 that decodes to exactly that path, and nothing
 * changes. (The fsutil step a sparse disk adds is checked in tests/strategies/dry_run_test.ts: Wine 8
 * never reports the sparse attribute, docs/windows-facts.md §11.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { skipReason } from "./suite.ts";
import { GUID, MODERN, scenario, shown, ubuntu } from "./scenario.ts";
import { machineProfile } from "../../simulated/profiles.ts";

const skip = skipReason() ?? false;
const opts = { skip, timeout: 300_000 };

test("optimize-vhd --dry-run under a folder with a space passes the path to PowerShell as base64 of exactly that path, and changes nothing", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, hyperV: true, distros: [ubuntu(s)] }), machineProfile("spaced-user"));
  const disk = sc.disk(GUID.ubuntu);
  const hash = sc.sha256(disk);
  const r = await sc.product(["--strategy", "optimize-vhd", "--target", "Ubuntu", "--dry-run"]);
  assert.equal(r.code, 0, shown(r));
  const b64 = /FromBase64String\('([A-Za-z0-9+/=]+)'\)/.exec(r.stdout)?.[1];
  assert.ok(b64, shown(r));
  assert.equal(Buffer.from(b64, "base64").toString("utf8"), disk);
  assert.match(r.stdout, /Dry run: nothing was changed/);
  assert.equal(sc.sha256(disk), hash);
});
