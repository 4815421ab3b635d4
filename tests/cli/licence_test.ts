// The licence package.json names is a file in the repository and in the npm package, and the winget
// manifest's LicenseUrl points at that file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { wingetManifests } from "../../packaging/winget.ts";
import { HOMEPAGE } from "../../packaging/package_info.ts";

const root = new URL("../..", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { license: string };

test("LICENSE holds the MIT licence package.json names", () => {
  assert.equal(pkg.license, "MIT");
  const text = readFileSync(join(root, "LICENSE"), "utf8");
  assert.match(text, /^MIT License\n/);
  assert.match(text, /Permission is hereby granted, free of charge/);
  assert.match(text, /THE SOFTWARE IS PROVIDED "AS IS"/);
});

test("npm pack puts LICENSE in the package", { timeout: 60_000 }, () => {
  const r = spawnSync("npm", ["pack", "--dry-run", "--ignore-scripts", "--json"], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const [packed] = JSON.parse(r.stdout) as { files: { path: string }[] }[];
  assert.ok(packed.files.some((f) => f.path === "LICENSE"), packed.files.map((f) => f.path).join(" "));
});

test("the winget manifest's LicenseUrl is the repository's LICENSE file", () => {
  const locale = wingetManifests({ version: "1.2.3", windowsZipSha256: "ab".repeat(32) }).find((m) => m.type === "defaultLocale")!;
  assert.equal(locale.content.License, "MIT");
  const url = String(locale.content.LicenseUrl);
  assert.ok(url.startsWith(`${HOMEPAGE}/blob/main/`), url);
  assert.ok(existsSync(join(root, url.slice(`${HOMEPAGE}/blob/main/`.length))), url);
});
