/**
 * `npm run build` as the release machine runs it, in a copy of this working tree that is its own
 * git repository: it must leave every tracked file as it was (no rewritten manifest, no stray
 * files), and produce the downloads the manifests point at, with manifests that validate
 * (release_folder.ts).
 * @module
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { copyFile, mkdir, symlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { mustRun, withTempDir } from "../support/tools.ts";
import { REPO_ROOT } from "./schema_validator.ts";
import { assertReleaseFolder } from "./release_folder.ts";

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

const NOT_NODE = "Deno" in globalThis || "Bun" in globalThis ? "one full build is enough: run by the Node suite" : false;

/** Copies the working tree (tracked and not-ignored new files, as they are now) into `dest` and commits it there. */
async function copyTrackedTree(dest: string): Promise<void> {
  const files = mustRun("git", ["-C", REPO_ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"]).split("\0").filter((f) => f && existsSync(join(REPO_ROOT, f)));
  for (const f of files) {
    await mkdir(dirname(join(dest, f)), { recursive: true });
    await copyFile(join(REPO_ROOT, f), join(dest, f));
  }
  await symlink(join(REPO_ROOT, "node_modules"), join(dest, "node_modules"));
  const git = (args: string[]) => mustRun("git", ["-C", dest, "-c", "user.name=t", "-c", "user.email=t@t", ...args]);
  git(["init", "-q"]);
  git(["add", "-A"]);
  git(["commit", "-q", "-m", "copy"]);
}

test("npm run build leaves the working tree clean and writes the .zip and .tar.gz the manifests point at", { skip: NOT_NODE, timeout: 600_000 }, async () => {
  await withTempDir(async (dir) => {
    const repo = join(dir, "repo");
    await copyTrackedTree(repo);
    const r = spawnSync("npm", ["run", "build"], { cwd: repo, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(mustRun("git", ["-C", repo, "status", "--porcelain"]), "", "the build changed or added files git tracks");

    const dist = join(repo, "dist");
    const check = spawnSync("sha256sum", ["--check", "--strict", "SHA256SUMS"], { cwd: dist, encoding: "utf8" });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    for (const asset of ["vhdx-shrink-windows-x64.zip", "vhdx-shrink-windows-x64.exe", "vhdx-shrink-linux-x64", "vhdx-shrink-linux-x64.tar.gz"]) {
      assert.match(check.stdout, new RegExp(`${asset.replace(/\./g, "\\.")}: OK`));
    }
    const zip = join(dist, "vhdx-shrink-windows-x64.zip");
    assert.match(mustRun("unzip", ["-t", zip]), /testing: vhdx-shrink\.exe +OK/);
    assert.ok(statSync(zip).size < statSync(join(dist, "vhdx-shrink-windows-x64.exe")).size * 0.7, "the download is compressed");
    // The manifests beside the downloads validate against the Scoop and winget schemas and carry the .zip's hash.
    await assertReleaseFolder(dist, PACKAGE_VERSION, zip);

    // The Linux download, unpacked, is a working program: the demo runs on its embedded sample.
    const out = join(dir, "unpacked");
    await mkdir(out);
    mustRun("tar", ["-xzf", join(dist, "vhdx-shrink-linux-x64.tar.gz"), "-C", out]);
    const demo = spawnSync(join(out, "vhdx-shrink"), ["demo", "--no-color"], { cwd: out, encoding: "utf8", env: { ...process.env, HOME: dir } });
    assert.equal(demo.status, 0, demo.stderr);
    // Docker's disk is the Docker-shaped sample (samples/make_docker_sample.ts), shipped beside the distro's: 34 MiB reclaimable, and a Docker view.
    assert.match(demo.stdout, /reclaimable \(native, exact\)\s+34\.0 MiB/);
    assert.match(demo.stdout, /Docker data root \/data\/docker/);
  });
});
