import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeManifests } from "../../build.ts";
import { wingetManifests } from "../../packaging/winget.ts";
import { formatScoopManifest, scoopManifest } from "../../packaging/scoop.ts";
import { withTempDir } from "../support/tools.ts";
import { REPO_ROOT, schemaErrors } from "./schema_validator.ts";
import { assertReleaseFolder } from "./release_folder.ts";

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

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

test("the committed bucket/vhdx-shrink.json is a valid Scoop manifest for package.json's version, exactly as the release step writes it", async () => {
  const text = await readFile(join(REPO_ROOT, "bucket", "vhdx-shrink.json"), "utf8");
  const manifest = JSON.parse(text);
  assert.deepEqual(schemaErrors("scoop", manifest), []);
  assert.equal(manifest.version, PACKAGE_VERSION);
  // All zeros until `build.ts --release` fills in the hash of the published .zip.
  const hash = manifest.architecture["64bit"].hash;
  assert.match(hash, /^[0-9a-f]{64}$/);
  assert.equal(text, formatScoopManifest(scoopManifest({ version: PACKAGE_VERSION, windowsZipSha256: hash })));
});

test("the schema check rejects a manifest that breaks the schema, so passing it means something", () => {
  const [, installer] = wingetManifests({ version: "1.0.0", windowsZipSha256: "a".repeat(64) });
  const broken = { ...installer.content, InstallerType: "exe-that-does-not-exist" };
  assert.notDeepEqual(schemaErrors("installer", broken), []);
  assert.notDeepEqual(schemaErrors("scoop", { version: "1.0.0" }), []);
});
