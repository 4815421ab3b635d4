import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../../build.ts";
import { skipReason } from "./suite.ts";
import { distroDisk, GUID, MODERN, scenario, shown, ubuntu } from "./scenario.ts";
import { zPath } from "./support/prefix.ts";

const skip = skipReason() ?? false;
const opts = { skip, timeout: 300_000 };

test("the .exe loads a third-party plugin file (examples/noop-strategy.mjs) and runs it on a distro", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)] }));
  const plugin = zPath(join(ROOT, "examples", "noop-strategy.mjs"));
  const listed = await sc.product(["plugins", "--json", "--plugin", plugin]);
  assert.equal(listed.code, 0, shown(listed));
  const entry = (JSON.parse(listed.stdout) as { plugins: { name: string; source: string }[] }).plugins.find((p) => p.name === "report-only");
  assert.equal(entry?.source, plugin);
  const hash = sc.sha256(distroDisk(GUID.ubuntu));
  const r = await sc.product(["--plugin", plugin, "--strategy", "report-only", "--target", "Ubuntu", "--yes"]);
  assert.equal(r.code, 0, shown(r));
  assert.equal(sc.sha256(distroDisk(GUID.ubuntu)), hash);
});
