/**
 * Plugins in the compiled Linux binary (the same Bun build as the Windows .exe): a TypeScript plugin
 * file is run as it is, in the factory form with type-only imports, and its RefusedError is its own
 * one-line message with exit 1; a broken drop-in plugin is skipped with a warning.
 * @module
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { compile, ENTRY } from "../../build.ts";
import { mustRun, withTempDir } from "../support/tools.ts";
import { REPO_ROOT } from "./schema_validator.ts";

const TS_PLUGIN = `import type { PluginApi, z } from "vhdx-shrink";

export default (api: PluginApi) => {
  const options = api.zod.object({ room: api.zod.number().default(10).describe("percent") });
  type Options = z.infer<typeof options>;
  const asked = (o: Options): number => o.room;
  return api.definePlugin({
    name: "typed", apiVersion: api.apiVersion, description: "a TypeScript plugin run by the binary", options,
    metadata: { reliability: "high", dataPreservation: "full", complexity: "low",
      requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["disk"] } },
    probe: async () => ({ available: true }),
    estimate: async () => ({ sizeAfter: 0, reclaimable: 0, tempSpace: 0, seconds: 1, exact: true }),
    plan: async (ctx) => { throw new api.errors.RefusedError(\`typed: \${asked(ctx.options)}% asked, refused by TypeScript\`); },
  });
};
`;

test("the compiled binary runs a TypeScript plugin file as it is, reports its RefusedError as one line with exit 1, and skips a broken drop-in plugin with a warning", { timeout: 180_000 }, async () => {
  await withTempDir(async (dir) => {
    const exe = join(dir, "vhdx-shrink-linux-x64");
    await compile({ root: REPO_ROOT, entry: ENTRY, target: "linux", outfile: exe, compiler: "bun" });
    const config = join(dir, "config");
    await mkdir(join(config, "vhdx-shrink", "plugins"), { recursive: true });
    await writeFile(join(config, "vhdx-shrink", "plugins", "broken.mjs"), "export default { name: 'broken' };\n");
    const plugin = join(dir, "typed.ts");
    await writeFile(plugin, TS_PLUGIN);
    const disk = join(dir, "d.vhdx");
    // A real (empty) VHDX: every command refuses a file that is not one before a strategy sees it.
    mustRun("qemu-img", ["create", "-q", "-f", "vhdx", disk, "8M"]);
    const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: config, NO_COLOR: "1" };
    const r = spawnSync(exe, ["--plugin", plugin, "--strategy", "typed", "--target", disk, "--dry-run", "--room", "25"], { env, cwd: dir, encoding: "utf8" });
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 2, r.stderr);
    assert.match(lines[0], /^warning: skipped plugin .*broken\.mjs: invalid plugin "broken"/);
    assert.equal(lines[1], "error: typed: 25% asked, refused by TypeScript");
  });
});
