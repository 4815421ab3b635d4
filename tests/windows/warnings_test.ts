/**
 * The .exe says what it could not find out instead of a quiet "safe" answer: a failing
 * `wsl --list`. The sparse flag comes from GetFileAttributesW, so an `fsutil` that refuses no longer matters.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { skipReason } from "./suite.ts";
import { MODERN, scenario, shown, ubuntu } from "./scenario.ts";

const skip = skipReason() ?? false;
const opts = { skip, timeout: 300_000 };

test("list warns when wsl --list fails, still lists Ubuntu, and reads the sparse flag through the API although fsutil would refuse", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s, { running: true })], faults: { listFails: true, fsutilRequiresAdmin: true } }));
  const r = await sc.product(["list"]);
  assert.equal(r.code, 0, shown(r));
  assert.match(r.stdout, /Ubuntu/);
  assert.match(r.stdout, /Unknown/, "the state is not shown as Stopped");
  assert.match(r.stderr, /warning: listing WSL distros failed .*Wsl\/Service\/E_UNEXPECTED.*state is unknown/, shown(r));
  assert.doesNotMatch(r.stderr, /could not read the sparse flag/, shown(r));
});
