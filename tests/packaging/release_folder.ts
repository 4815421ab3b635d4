/**
 * What a release folder written by build.ts's writeManifests must hold: SHA256SUMS that sha256sum
 * accepts, and Scoop and winget manifests that validate against their schemas and carry the
 * .zip's hash and URL. manifests_test.ts holds stand-in assets to it, release_build_test.ts the
 * real release `npm run build` makes.
 * @module
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { mustRun } from "../support/tools.ts";
import { parseYamlWithBun, schemaErrors } from "./schema_validator.ts";

const WINGET_KIND: Record<string, "version" | "installer" | "defaultLocale"> = {
  "vhdx-shrink.vhdx-shrink.yaml": "version",
  "vhdx-shrink.vhdx-shrink.installer.yaml": "installer",
  "vhdx-shrink.vhdx-shrink.locale.en-US.yaml": "defaultLocale",
};

/** Checks a folder written by writeManifests against the schemas and the assets beside it. */
export async function assertReleaseFolder(dir: string, version: string, windowsZip: string): Promise<void> {
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

