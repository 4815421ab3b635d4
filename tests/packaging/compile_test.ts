import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { compile, ENTRY } from "../../build.ts";
import { withTempDir } from "../support/tools.ts";
import { assertAnalyzeReport, makeAnalyzeFixture } from "./analyze_fixture.ts";
import { EXAMPLE_PLUGIN_SOURCE } from "./example_plugin.ts";
import type { ListedPlugin } from "./example_plugin.ts";
import { REPO_ROOT } from "./schema_validator.ts";

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

test("the compiled Linux binary prints package.json's version, lists plugins and loads a third-party plugin file, analyzes a VHDX, runs the demo on its embedded sample", { timeout: 90_000 }, async () => {
  await withTempDir(async (dir) => {
    const exe = join(dir, "vhdx-shrink-linux-x64");
    await compile({ root: REPO_ROOT, entry: ENTRY, target: "linux", outfile: exe, compiler: "bun" });
    assert.ok(statSync(exe).size > 10_000_000, "a self-contained binary carries its runtime");
    // HOME points into the temp dir so the user's own plugins folder stays out of the listing.
    const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, "config") };
    const exec = (args: string[]) => {
      // cwd is the temp dir: the binary must find the sample inside itself, not in samples/.
      const r = spawnSync(exe, args, { env, cwd: dir, encoding: "utf8" });
      assert.equal(r.status, 0, `${r.error ?? ""}${r.stderr}`);
      return r.stdout;
    };

    assert.equal(exec(["--version"]).trim(), PACKAGE_VERSION);
    const builtIn = JSON.parse(exec(["plugins", "--json"])) as { plugins: ListedPlugin[] };
    assert.deepEqual(builtIn.plugins.map((p) => p.name).sort(), ["diskpart", "export-import", "native", "optimize-vhd", "sparse", "unregister-only"]);
    assert.ok(!builtIn.plugins.some((p) => p.name === "example"));

    const pluginFile = join(dir, "example.mjs");
    await writeFile(pluginFile, EXAMPLE_PLUGIN_SOURCE);
    const listed = JSON.parse(exec(["plugins", "--json", "--plugin", pluginFile])) as { plugins: ListedPlugin[] };
    const example = listed.plugins.find((p) => p.name === "example");
    assert.deepEqual(example && { source: example.source, apiVersion: example.apiVersion, reliability: example.reliability },
      { source: pluginFile, apiVersion: 1, reliability: "low" });
    assert.equal(listed.plugins.length, builtIn.plugins.length + 1);

    const fixture = await makeAnalyzeFixture(dir);
    assertAnalyzeReport(exec(["analyze", fixture.vhdx, "--json"]), fixture, fixture.vhdx);

    // The sample (samples/make-sample.sh): 40 MB deleted, which native reclaims exactly.
    const demo = exec(["demo", "--no-color"]);
    assert.match(demo, /reclaimable \(native, exact\)\s+42\.0 MB/);
    assert.match(demo, /The demo ran on a simulated Windows in \S+ \(removed\)/);
  });
});
