import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { compile, ENTRY } from "../../build.ts";
import { withTempDir } from "../support/tools.ts";
import { runWine, toWinePath, wineSkipReason } from "../support/wine.ts";
import { assertAnalyzeReport, makeAnalyzeFixture } from "./analyze_fixture.ts";
import { EXAMPLE_PLUGIN_SOURCE } from "./example_plugin.ts";
import type { ListedPlugin } from "./example_plugin.ts";
import { REPO_ROOT } from "./schema_validator.ts";

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
const skip = wineSkipReason();

test("the Windows .exe runs under Wine: version, plugin list, and a plugin file and a VHDX through Z:\\ paths", { skip: skip ?? false, timeout: 120_000 }, async () => {
  await withTempDir(async (dir) => {
    const exe = join(dir, "vhdx-shrink-windows-x64.exe");
    await compile({ root: REPO_ROOT, entry: ENTRY, target: "windows", outfile: exe, compiler: "bun" });
    const exec = (args: string[]) => {
      const r = runWine(exe, args);
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };

    assert.equal(exec(["--version"]).trim(), PACKAGE_VERSION);
    const builtIn = JSON.parse(exec(["plugins", "--json"])) as { plugins: ListedPlugin[] };
    assert.deepEqual(builtIn.plugins.map((p) => p.name).sort(), ["diskpart", "export-import", "native", "optimize-vhd", "sparse", "unregister-only", "wsl-compact"]);

    const pluginFile = join(dir, "example.mjs");
    await writeFile(pluginFile, EXAMPLE_PLUGIN_SOURCE);
    const listed = JSON.parse(exec(["plugins", "--json", "--plugin", toWinePath(pluginFile)])) as { plugins: ListedPlugin[] };
    const example = listed.plugins.find((p) => p.name === "example");
    assert.equal(example?.source, toWinePath(pluginFile));
    assert.equal(listed.plugins.length, builtIn.plugins.length + 1);

    const fixture = await makeAnalyzeFixture(dir);
    assertAnalyzeReport(exec(["analyze", toWinePath(fixture.vhdx), "--json"]), fixture, toWinePath(fixture.vhdx));
  });
});
