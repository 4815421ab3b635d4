/**
 * The npm package as a user gets it: `npm pack`, installed from the tarball into an empty project
 * with `npm install --offline` (its dependencies come from the cache `npm ci` filled), then the CLI
 * through the installed bin and the API from plain JavaScript and from TypeScript.
 * @module
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { installTarball, NPM_ENV, packRepository } from "../../packaging/npm_consumer.ts";
import { debugfs, makeExt4Image, mustRun, toRaw, toVhdx, withTempDir } from "../support/tools.ts";
import { assertAnalyzeReport, makeAnalyzeFixture } from "./analyze_fixture.ts";
import { REPO_ROOT } from "./schema_validator.ts";

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
// The package is for Node; the Deno and Bun suites would pack and install the same tarball again.

const NOT_NODE = "Deno" in globalThis || "Bun" in globalThis ? "the npm package is for Node: tested by the Node suite" : false;

/** A 64 MiB ext4 VHDX holding one file, with 24 MiB written and deleted: blocks native reclaims. */
async function bloatedDisk(dir: string): Promise<{ vhdx: string; raw: string }> {
  const raw = join(dir, "bloated.img");
  const content = join(dir, "bloated-content");
  await mkdir(content, { recursive: true });
  await writeFile(join(content, "keep.txt"), "kept through compaction\n");
  makeExt4Image(raw, { size: "64M", populateFrom: content });
  const junk = join(dir, "junk.bin");
  await writeFile(junk, randomBytes(24 * 1024 * 1024));
  debugfs(raw, [`write ${junk} junk.bin`, "rm junk.bin"]);
  const vhdx = join(dir, "bloated.vhdx");
  toVhdx(raw, vhdx);
  return { vhdx, raw };
}

test("npm pack ships only the compiled CLI, the API with its types, the sample, the plugin guide and its examples; installed offline from the tarball it runs with plain Node", { skip: NOT_NODE, timeout: 240_000 }, async () => {
  await withTempDir(async (dir) => {
    const { tarball, files } = packRepository(REPO_ROOT, dir);
    assert.ok(files.includes("bin/vhdx-shrink.mjs") && files.includes("lib/cli.js") && files.includes("lib/mod.js"), files.join(" "));
    assert.ok(files.includes("lib/types/mod.d.ts") && files.includes("lib/sample-distro.vhdx.gz"));
    assert.deepEqual(files.filter((f) => /_test\.ts$|^tests\/|\.ts$/.test(f) && !f.endsWith(".d.ts")), [], "no TypeScript sources or tests");

    const project = join(dir, "project");
    await installTarball(REPO_ROOT, tarball, project);
    const installed = JSON.parse(readFileSync(join(project, "node_modules", "vhdx-shrink", "package.json"), "utf8"));
    assert.equal(installed.version, PACKAGE_VERSION);
    // tsx is a dev dependency of ours: the installed CLI must not need it.
    assert.throws(() => statSync(join(project, "node_modules", "tsx")));

    const cli = (args: string[]) => {
      const r = spawnSync("npx", ["--no-install", "vhdx-shrink", ...args], { cwd: project, env: NPM_ENV, encoding: "utf8" });
      assert.equal(r.status, 0, `vhdx-shrink ${args.join(" ")}: ${r.stderr}`);
      return r.stdout;
    };
    assert.equal(cli(["--version"]).trim(), PACKAGE_VERSION);
    const plugins = JSON.parse(cli(["plugins", "--json"])) as { plugins: { name: string }[] };
    assert.ok(plugins.plugins.some((p) => p.name === "native"));

    const fixture = await makeAnalyzeFixture(dir);
    assertAnalyzeReport(cli(["analyze", fixture.vhdx, "--json"]), fixture, fixture.vhdx);

    const { vhdx } = await bloatedDisk(dir);
    const before = readFileSync(vhdx);
    const small = join(dir, "small.vhdx");
    cli(["compact", vhdx, "--output", small, "--quiet"]);
    assert.ok(readFileSync(vhdx).equals(before), "copy mode never writes the original");
    assert.ok(statSync(small).size < statSync(vhdx).size - 16 * 1024 * 1024, `${statSync(small).size} vs ${statSync(vhdx).size}`);
    mustRun("qemu-img", ["check", small]);
    const smallRaw = join(dir, "small.img");
    toRaw(small, smallRaw);
    mustRun("e2fsck", ["-fn", smallRaw]);
    assert.equal(mustRun("debugfs", ["-R", "cat keep.txt", smallRaw]), "kept through compaction\n");

    const demo = cli(["demo", "--no-color"]);
    // Docker's disk is the Docker-shaped sample (samples/make_docker_sample.ts), shipped beside the distro's: 34 MiB reclaimable, and a Docker view.
    assert.match(demo, /reclaimable \(native, exact\)\s+34\.0 MiB/);
    assert.match(demo, /Docker data root \/data\/docker/);

    // The library API from plain JavaScript: the same VHDX, read through the package's exports.
    await writeFile(join(project, "use.mjs"), [
      'import { VERSION, describeVhdx, openVhdx, openBlockFile, definePlugin, PLUGIN_API_VERSION } from "vhdx-shrink";',
      "const file = await openBlockFile(process.argv[2], \"r\");",
      "const disk = await openVhdx(file);",
      "console.log(JSON.stringify({ VERSION, virtualSize: describeVhdx(disk).virtualSize, define: typeof definePlugin, api: PLUGIN_API_VERSION }));",
      "await file.close();",
    ].join("\n"));
    const r = spawnSync(process.execPath, ["use.mjs", fixture.vhdx], { cwd: project, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { VERSION: PACKAGE_VERSION, virtualSize: fixture.virtualSize, define: "function", api: 1 });

    // And from TypeScript: the declarations resolve and type the API (tsc from our dev dependencies).
    await writeFile(join(project, "use.ts"), [
      'import { formatBytes, VERSION } from "vhdx-shrink";',
      'import type { StrategyPlugin } from "vhdx-shrink";',
      "const v: string = VERSION;",
      "const s: string = formatBytes(1024);",
      "export type P = StrategyPlugin;",
      "// @ts-expect-error: formatBytes takes a number",
      'formatBytes("x");',
      "export { v, s };",
    ].join("\n"));
    await writeFile(join(project, "tsconfig.json"), JSON.stringify({
      compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: true,
        types: ["node"], typeRoots: [join(REPO_ROOT, "node_modules", "@types")] },
      files: ["use.ts"],
    }));
    const tsc = spawnSync(process.execPath, [join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "."], { cwd: project, encoding: "utf8" });
    assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  });
});
