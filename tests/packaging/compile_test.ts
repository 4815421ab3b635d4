import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { copyFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile, ENTRY } from "../../build.ts";
import { withTempDir } from "../support/tools.ts";
import { fileHashes, judge, makeBloatedDisk, sha256File } from "../compact/support.ts";
import { assertAnalyzeReport, makeAnalyzeFixture } from "./analyze_fixture.ts";
import { EXAMPLE_PLUGIN_SOURCE } from "./example_plugin.ts";
import type { ListedPlugin } from "./example_plugin.ts";
import { REPO_ROOT } from "./schema_validator.ts";

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

/** The Linux binary, compiled once for this file's tests (removed when the process ends). */
let built: Promise<string> | undefined;
function linuxBinary(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "vhdx-shrink-linux-binary-"));
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    const exe = join(dir, "vhdx-shrink-linux-x64");
    await compile({ root: REPO_ROOT, entry: ENTRY, target: "linux", outfile: exe, compiler: "bun" });
    return exe;
  })();
  return built;
}

test("the compiled Linux binary prints package.json's version, lists plugins and loads a third-party plugin file, analyzes a VHDX, runs the demo on its embedded sample", { timeout: 90_000 }, async () => {
  await withTempDir(async (dir) => {
    const exe = await linuxBinary();
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
    assert.deepEqual(builtIn.plugins.map((p) => p.name).sort(), ["diskpart", "export-import", "native", "optimize-vhd", "sparse", "unregister-only", "wsl-compact"]);
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

    const demo = exec(["demo", "--no-color"]);
    // Docker's disk is the Docker-shaped sample (samples/make_docker_sample.ts), shipped beside the distro's: 34 MiB reclaimable, and a Docker view.
    assert.match(demo, /reclaimable \(native, exact\)\s+34\.0 MiB/);
    assert.match(demo, /Docker data root \/data\/docker/);
    assert.match(demo, /The demo ran on a simulated Windows in \S+ \(removed\)/);
  });
});

test("the compiled Linux binary compacts by copy and in place, and qemu-img, e2fsck and the file comparison accept both", { timeout: 90_000 }, async () => {
  await withTempDir(async (dir) => {
    const exe = await linuxBinary();
    const source = await makeBloatedDisk(dir, { size: "32M", smallFiles: 24, largeFilesKiB: [700, 1500], garbageMiB: 8 });
    const expected = await fileHashes(join(dir, "disk.raw"), join(dir, "source.files"));
    const before = (await stat(source)).size, sourceHash = await sha256File(source);
    const run = (args: string[]) => {
      const r = spawnSync(exe, args, { env: { ...process.env, HOME: dir }, cwd: dir, encoding: "utf8" });
      assert.equal(r.status, 0, `${r.error ?? ""}${r.stderr}`);
      return JSON.parse(r.stdout) as { mode: string; sizeAfter: number; reclaimed: number };
    };

    const copyPath = join(dir, "copy.vhdx");
    const copy = run(["compact", source, "--output", copyPath, "--json"]);
    assert.equal(copy.mode, "copy");
    assert.equal(await sha256File(source), sourceHash, "copy mode leaves the source byte-identical");
    assert.equal((await stat(copyPath)).size, copy.sizeAfter);
    assert.ok(copy.reclaimed > 6 * 1024 * 1024, `copy reclaimed ${copy.reclaimed}`);
    await judge(copyPath, dir, expected);

    const inPlacePath = join(dir, "in-place.vhdx");
    await copyFile(source, inPlacePath);
    const inPlace = run(["compact", inPlacePath, "--yes", "--json"]);
    assert.equal((await stat(inPlacePath)).size, inPlace.sizeAfter);
    assert.ok(inPlace.sizeAfter < before - 6 * 1024 * 1024, `in place: ${before} -> ${inPlace.sizeAfter}`);
    await judge(inPlacePath, dir, expected);
  });
});
