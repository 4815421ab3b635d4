import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../../build.ts";
import { skipReason } from "./suite.ts";
import { distroDisk, GUID, MODERN, scenario, shown, ubuntu } from "./scenario.ts";
import { zPath } from "./support/prefix.ts";
import { userEnv } from "./support/machine.ts";
import { withTempDir } from "../support/tools.ts";

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

/** A TypeScript plugin in the factory form: type-only imports (erased), TypeScript syntax, z.infer. */
const TS_PLUGIN = `import type { PluginApi, z } from "vhdx-shrink";

export default (api: PluginApi) => {
  const options = api.zod.object({ room: api.zod.number().default(10).describe("percent") });
  type Options = z.infer<typeof options>;
  const asked = (o: Options): number => o.room;
  return api.definePlugin({
    name: "typed", apiVersion: api.apiVersion, description: "a TypeScript plugin run by the exe", options,
    metadata: { reliability: "high", dataPreservation: "full", complexity: "low",
      requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["distro", "disk"] } },
    probe: async () => ({ available: true }),
    estimate: async () => ({ sizeAfter: 0, reclaimable: 0, tempSpace: 0, seconds: 1, exact: true }),
    plan: async (ctx) => { throw new api.errors.RefusedError(\`typed: \${asked(ctx.options)}% asked, refused by TypeScript\`); },
  });
};
`;

test("the .exe runs a TypeScript plugin file as it is, reports its RefusedError as its own line with exit 1, and skips a broken plugin in %APPDATA%\\vhdx-shrink\\plugins with a warning", opts, async () => {
  const sc = await scenario((s) => ({ ...MODERN, distros: [ubuntu(s)] }));
  const dropIn = sc.m.real(`${userEnv().APPDATA}\\vhdx-shrink\\plugins`);
  mkdirSync(dropIn, { recursive: true });
  writeFileSync(join(dropIn, "broken.mjs"), "export default { name: 'broken' };\n");
  try {
    await withTempDir(async (dir) => {
      const plugin = join(dir, "typed.ts");
      writeFileSync(plugin, TS_PLUGIN);
      const hash = sc.sha256(distroDisk(GUID.ubuntu));
      const r = await sc.product(["--plugin", zPath(plugin), "--strategy", "typed", "--target", "Ubuntu", "--dry-run", "--room", "25"]);
      assert.equal(r.code, 1, shown(r));
      const lines = r.stderr.trim().split(/\r?\n/);
      assert.equal(lines.length, 2, shown(r));
      assert.match(lines[0], /^warning: skipped plugin .*broken\.mjs: invalid plugin "broken"/);
      assert.equal(lines[1], "error: typed: 25% asked, refused by TypeScript");
      assert.equal(sc.sha256(distroDisk(GUID.ubuntu)), hash);
    });
  } finally {
    rmSync(join(dropIn, "broken.mjs"), { force: true });
  }
});
