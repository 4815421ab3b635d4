import { test } from "node:test";
import { spawnSync } from "node:child_process";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeManifests } from "../../build.ts";
import { wingetManifests } from "../../packaging/winget.ts";
import { formatScoopManifest, scoopManifest } from "../../packaging/scoop.ts";
import { mustRun, withTempDir } from "../support/tools.ts";
import { parseYamlWithBun, REPO_ROOT, schemaErrors } from "./schema_validator.ts";

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
const WINGET_KIND: Record<string, "version" | "installer" | "defaultLocale"> = {
  "vhdx-shrink.vhdx-shrink.yaml": "version",
  "vhdx-shrink.vhdx-shrink.installer.yaml": "installer",
  "vhdx-shrink.vhdx-shrink.locale.en-US.yaml": "defaultLocale",
};

/** Checks a folder written by writeManifests against the schemas and the assets beside it. */
async function assertReleaseFolder(dir: string, version: string, windowsZip: string): Promise<void> {
  // sha256sum is the judge: the same tool Scoop's autoupdate format and users rely on.
  const check = spawnSync("sha256sum", ["--check", "--strict", "SHA256SUMS"], { cwd: dir, encoding: "utf8" });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /vhdx-shrink-windows-x64\.zip: OK/);
  const exeHash = mustRun("sha256sum", [windowsZip]).split(" ")[0];

  const scoop = JSON.parse(await readFile(join(dir, "scoop", "vhdx-shrink.json"), "utf8"));
  assert.deepEqual(schemaErrors("scoop", scoop), []);
  assert.equal(scoop.version, version);
  assert.equal(scoop.architecture["64bit"].hash, exeHash);
  assert.match(scoop.architecture["64bit"].url, new RegExp(`/download/v${version}/vhdx-shrink-windows-x64\\.zip$`));
  assert.equal(scoop.bin, "vhdx-shrink.exe");

  const files = (await readdir(join(dir, "winget"))).sort();
  assert.deepEqual(files, Object.keys(WINGET_KIND).sort());
  for (const file of files) {
    const doc = parseYamlWithBun(await readFile(join(dir, "winget", file), "utf8")) as Record<string, unknown>;
    assert.deepEqual(schemaErrors(WINGET_KIND[file], doc), [], file);
    assert.equal(doc.PackageVersion, version, file);
    assert.equal(doc.ManifestType, WINGET_KIND[file], file);
    if (WINGET_KIND[file] === "installer") {
      const installers = doc.Installers as { InstallerSha256: string; InstallerUrl: string }[];
      assert.equal(installers[0].InstallerSha256, exeHash.toUpperCase());
      assert.equal(installers[0].InstallerUrl, `https://github.com/vhdx-shrink/vhdx-shrink/releases/download/v${version}/vhdx-shrink-windows-x64.zip`);
      assert.deepEqual([doc.InstallerType, doc.NestedInstallerType], ["zip", "portable"]);
      assert.deepEqual(doc.NestedInstallerFiles, [{ RelativeFilePath: "vhdx-shrink.exe", PortableCommandAlias: "vhdx-shrink" }]);
    }
  }
}

test("manifests written for stand-in assets validate against the Scoop and winget schemas and carry their hashes", { timeout: 30_000 }, async () => {
  await withTempDir(async (dir) => {
    const zip = join(dir, "vhdx-shrink-windows-x64.zip");
    const exe = join(dir, "vhdx-shrink-windows-x64.exe");
    const linux = join(dir, "vhdx-shrink-linux-x64");
    await writeFile(zip, "PK stand-in windows archive\n");
    await writeFile(exe, "MZ stand-in windows binary\n");
    await writeFile(linux, "\x7fELF stand-in linux binary\n");
    const written = await writeManifests({ version: "1.2.3", windowsZip: zip, otherAssets: [exe, linux], outDir: dir, description: "long text" });
    assert.equal(written.files.length, 5);
    assert.deepEqual(Object.keys(written.sums), ["vhdx-shrink-linux-x64", "vhdx-shrink-windows-x64.exe", "vhdx-shrink-windows-x64.zip"]);
    await assertReleaseFolder(dir, "1.2.3", zip);
  });
});

test("the winget manifests keep prerelease versions and unusual descriptions valid", () => {
  const [version, installer, locale] = wingetManifests({ version: "2.0.0-rc.1", windowsZipSha256: "0".repeat(64), description: "a: b # c" });
  assert.deepEqual(schemaErrors("version", version.content), []);
  assert.deepEqual(schemaErrors("installer", installer.content), []);
  assert.deepEqual(schemaErrors("defaultLocale", locale.content), []);
});

test("the root scoop-manifest.json is a valid Scoop manifest for package.json's version, exactly as the release step writes it", async () => {
  const text = await readFile(join(REPO_ROOT, "scoop-manifest.json"), "utf8");
  const manifest = JSON.parse(text);
  assert.deepEqual(schemaErrors("scoop", manifest), []);
  assert.equal(manifest.version, PACKAGE_VERSION);
  // All zeros until `build.ts --release` fills in the hash of the published .zip.
  const hash = manifest.architecture["64bit"].hash;
  assert.match(hash, /^[0-9a-f]{64}$/);
  assert.equal(text, formatScoopManifest(scoopManifest({ version: PACKAGE_VERSION, windowsZipSha256: hash })));
});

test("the release in dist/, when built, validates and matches its binaries", {
  skip: !existsSync(join(REPO_ROOT, "dist", "vhdx-shrink-windows-x64.zip")) && "dist/ has no release: run npm run build",
  timeout: 60_000, // hashes two 115 MB binaries
}, async () => {
  const dist = join(REPO_ROOT, "dist");
  await assertReleaseFolder(dist, PACKAGE_VERSION, join(dist, "vhdx-shrink-windows-x64.zip"));
});

test("the schema check rejects a manifest that breaks the schema, so passing it means something", () => {
  const [, installer] = wingetManifests({ version: "1.0.0", windowsZipSha256: "a".repeat(64) });
  const broken = { ...installer.content, InstallerType: "exe-that-does-not-exist" };
  assert.notDeepEqual(schemaErrors("installer", broken), []);
  assert.notDeepEqual(schemaErrors("scoop", { version: "1.0.0" }), []);
});
