// How plugin files load: --plugin is repeatable (one file each), drop-in plugins from the user's
// plugins folder ($XDG_CONFIG_HOME/vhdx-shrink/plugins off Windows) are skipped with a warning when
// broken or already loaded, and a plugin's RefusedError is reported as its own line with exit 1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../support/cli.ts";
import { mustRun, withTempDir } from "../support/tools.ts";

const strategy = (name: string, description: string, plan = "async () => []") => `
  name: "${name}", apiVersion: 1, description: "${description}",
  metadata: { reliability: "high", dataPreservation: "full", complexity: "low",
    requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["disk"] } },
  probe: async () => ({ available: true }),
  estimate: async () => ({ sizeAfter: 0, reclaimable: 0, tempSpace: 0, seconds: 1, exact: true }),
  plan: ${plan},
  run: async () => ({ sizeBefore: 0, sizeAfter: 0, keptFiles: [], notes: [] }),`;

const factory = (name: string, description: string, plan?: string) => `export default (api) => api.definePlugin({${strategy(name, description, plan)}\n});\n`;

/** Runs `body` with XDG_CONFIG_HOME pointing at a fresh folder; returns the drop-in plugins folder. */
async function withConfigHome(dir: string, body: (plugins: string) => Promise<void>): Promise<void> {
  const saved = process.env.XDG_CONFIG_HOME;
  process.env.XDG_CONFIG_HOME = join(dir, "config");
  const plugins = join(dir, "config", "vhdx-shrink", "plugins");
  await mkdir(plugins, { recursive: true });
  try {
    await body(plugins);
  } finally {
    if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = saved;
  }
}

test("analyze --plugin p.mjs disk.vhdx loads one plugin and analyzes the disk", async () => {
  await withTempDir(async (dir) => {
    const plugin = join(dir, "p.mjs");
    await writeFile(plugin, factory("pee", "a plugin"));
    const disk = join(dir, "disk.vhdx");
    mustRun("qemu-img", ["create", "-q", "-f", "vhdx", disk, "8M"]);
    const r = await runCli(["analyze", "--plugin", plugin, disk, "--json"]);
    assert.doesNotMatch(r.stderr, /plugin/, r.stderr);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).virtualSize, 8 * 1024 * 1024);
  });
});

test("--plugin twice loads both files, and the same file twice loads once", async () => {
  await withTempDir(async (dir) => {
    await writeFile(join(dir, "a.mjs"), factory("first-one", "a"));
    await writeFile(join(dir, "b.mjs"), factory("second-one", "b"));
    const r = await runCli(["plugins", "--json", "--plugin", join(dir, "a.mjs"), "--plugin", join(dir, "b.mjs"), "--plugin", join(dir, "a.mjs")]);
    assert.equal(r.code, 0, r.stderr);
    const names = (JSON.parse(r.stdout).plugins as { name: string }[]).map((p) => p.name);
    assert.deepEqual(names.filter((n) => n.endsWith("-one")), ["first-one", "second-one"]);
  });
});

test("a broken drop-in plugin is skipped with one warning naming it; every command still works", async () => {
  await withTempDir(async (dir) => {
    await withConfigHome(dir, async (plugins) => {
      await writeFile(join(plugins, "broken.mjs"), "export default { name: 'broken' };\n");
      await writeFile(join(plugins, "syntax.mjs"), "export default (api) => api.definePlugin({\n");
      await writeFile(join(plugins, "good.mjs"), factory("dropped-in", "a drop-in plugin"));
      await writeFile(join(plugins, "notes.txt"), "not a plugin");
      const r = await runCli(["plugins", "--json"]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok((JSON.parse(r.stdout).plugins as { name: string }[]).some((p) => p.name === "dropped-in"));
      const warnings = r.stderr.trim().split("\n");
      assert.equal(warnings.length, 2, r.stderr);
      assert.match(warnings[0], /^warning: skipped plugin .*broken\.mjs: invalid plugin "broken" .*field/);
      assert.match(warnings[1], /^warning: skipped plugin .*syntax\.mjs: cannot load plugin/);
      const quiet = await runCli(["plugins", "--quiet"]);
      assert.equal(quiet.stderr, "");
    });
  });
});

test("a --plugin file wins over a drop-in plugin of the same name (the development copy), with a warning", async () => {
  await withTempDir(async (dir) => {
    await withConfigHome(dir, async (plugins) => {
      await writeFile(join(plugins, "mine.mjs"), factory("mine", "installed copy"));
      const dev = join(dir, "mine-dev.mjs");
      await writeFile(dev, factory("mine", "development copy"));
      const r = await runCli(["plugins", "--json", "--plugin", dev]);
      assert.equal(r.code, 0, r.stderr);
      const mine = (JSON.parse(r.stdout).plugins as { name: string; description: string }[]).filter((p) => p.name === "mine");
      assert.deepEqual(mine.map((p) => p.description), ["development copy"]);
      assert.match(r.stderr, /^warning: skipped plugin .*mine\.mjs: "mine" is already loaded from .*mine-dev\.mjs\n$/);
    });
  });
});

test("a plugin's RefusedError, from the factory's api.errors, is its own one-line message with exit 1", async () => {
  await withTempDir(async (dir) => {
    const plugin = join(dir, "refuser.mjs");
    const plan = `async () => { throw new api.errors.RefusedError("refuser: the disk is on a network share; copy it to a local drive first"); }`;
    await writeFile(plugin, factory("refuser", "refuses", plan));
    const disk = join(dir, "d.vhdx");
    // A real (empty) VHDX: every command refuses a file that is not one before a strategy sees it.
    mustRun("qemu-img", ["create", "-q", "-f", "vhdx", disk, "8M"]);
    const r = await runCli(["--plugin", plugin, "--strategy", "refuser", "--target", disk, "--dry-run"]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, "error: refuser: the disk is on a network share; copy it to a local drive first\n");
  });
});

test("a --plugin factory that throws is refused with one line naming the file, not reported as a bug", async () => {
  await withTempDir(async (dir) => {
    const plugin = join(dir, "throws.mjs");
    await writeFile(plugin, "export default (api) => { throw new TypeError('api.zodd is not a function'); };\n");
    const r = await runCli(["plugins", "--plugin", plugin]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: plugin .*throws\.mjs: its factory failed: api\.zodd is not a function\n$/);
  });
});
