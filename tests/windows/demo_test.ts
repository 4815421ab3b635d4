/**
 * The .exe's `demo` under Wine: every screen runs, `--json` is one document, and the temporary
 * folder is gone afterwards. Bun's recursive remove fails with EFAULT under Wine 8, so this checks
 * the demo removes its folder through the host's remove, whose fallback unlinks file by file
 * (core/host/local_fs.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { skipReason } from "./suite.ts";
import { MODERN, scenario, shown } from "./scenario.ts";

const skip = skipReason() ?? false;

test("demo --json through the .exe: one JSON document with every screen, and no folder left behind", { skip, timeout: 300_000 }, async () => {
  const sc = await scenario(() => ({ ...MODERN, distros: [] }));
  const r = await sc.product(["demo", "--json"]);
  assert.equal(r.code, 0, shown(r));
  assert.doesNotMatch(r.stderr, /EFAULT|this is a bug/, shown(r));
  const doc = JSON.parse(r.stdout) as { folder: string; kept: boolean; screens: { title: string; output: unknown }[] };
  assert.equal(doc.screens.length >= 7, true, shown(r));
  for (const s of doc.screens) assert.equal(typeof s.output, "object", s.title);
  assert.match(doc.folder, /^[A-Za-z]:\\.*vhdx-shrink-demo-/);
  assert.equal(sc.exists(doc.folder), false, `${doc.folder} is left behind`);
});
