import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BuildError, ensureVersion, parseBuildArgs } from "../../build.ts";
import { VERSION } from "../../core/version.ts";
import { withTempDir } from "../support/tools.ts";
import { REPO_ROOT } from "./schema_validator.ts";

const TSX = join(REPO_ROOT, "node_modules", "tsx", "dist", "cli.mjs");

async function fakeRepo(dir: string, packageVersion: string, sourceVersion: string): Promise<void> {
  await mkdir(join(dir, "core"), { recursive: true });
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "x", version: packageVersion }));
  await writeFile(join(dir, "core", "version.ts"), `/** doc */\nexport const VERSION = "${sourceVersion}";\n`);
}

test("core/version.ts says the version package.json says", async () => {
  const pkg = JSON.parse(await readFile(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
  assert.equal(VERSION, pkg.version);
});

test("the build refuses versions out of step and names the flag that fixes it", async () => {
  await withTempDir(async (dir) => {
    await fakeRepo(dir, "0.2.0", "0.1.0");
    await assert.rejects(ensureVersion(dir, false), (e: Error) => e instanceof BuildError && /--stamp/.test(e.message));
  });
});

test("--stamp writes package.json's version into core/version.ts and keeps the rest of the file", async () => {
  await withTempDir(async (dir) => {
    await fakeRepo(dir, "0.2.0", "0.1.0");
    assert.deepEqual(await ensureVersion(dir, true), { version: "0.2.0", stamped: true });
    assert.equal(await readFile(join(dir, "core", "version.ts"), "utf8"), `/** doc */\nexport const VERSION = "0.2.0";\n`);
    assert.deepEqual(await ensureVersion(dir, false), { version: "0.2.0", stamped: false });
  });
});

test("the build's options parse, and bad ones fail with the usage line", () => {
  const o = parseBuildArgs(["--target", "linux", "--skip-compile", "--deno", "--out", "/tmp/x"], "/repo");
  assert.deepEqual(o, { targets: ["linux"], skipCompile: true, compiler: "deno", stamp: false, outDir: "/tmp/x", release: false });
  assert.deepEqual(parseBuildArgs([], "/repo").targets, ["windows", "linux"]);
  assert.throws(() => parseBuildArgs(["--target", "mac"]), /use windows, linux or all/);
  assert.throws(() => parseBuildArgs(["--frobnicate"]), /usage: build\.ts/);
});

test("build.ts --skip-compile into another folder writes the manifests there and leaves the committed bucket/vhdx-shrink.json alone", { timeout: 30_000 }, async () => {
  await withTempDir(async (dir) => {
    await writeFile(join(dir, "vhdx-shrink-windows-x64.exe"), "MZ stand-in\n");
    const before = await readFile(join(REPO_ROOT, "bucket", "vhdx-shrink.json"), "utf8");
    const r = spawnSync("node", [TSX, join(REPO_ROOT, "build.ts"), "--skip-compile", "--out", dir], { cwd: REPO_ROOT, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /wrote .*winget.*installer\.yaml/);
    const scoop = JSON.parse(await readFile(join(dir, "scoop", "vhdx-shrink.json"), "utf8"));
    assert.equal(scoop.version, VERSION);
    assert.equal(await readFile(join(REPO_ROOT, "bucket", "vhdx-shrink.json"), "utf8"), before);
  });
});

test("build.ts --skip-compile without a Windows binary fails with one line saying how to build it", { timeout: 30_000 }, async () => {
  await withTempDir(async (dir) => {
    const r = spawnSync("node", [TSX, join(REPO_ROOT, "build.ts"), "--skip-compile", "--out", dir], { cwd: REPO_ROOT, encoding: "utf8" });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^build: .*vhdx-shrink-windows-x64\.exe not found: build it first/);
  });
});
