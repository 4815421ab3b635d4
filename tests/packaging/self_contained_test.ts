import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { mustRun } from "../support/tools.ts";
import { REPO_ROOT } from "./schema_validator.ts";

// A clone has nothing beside it: no file may reach outside the repository for schemas, the Wine
// setup or cited facts. Built from pieces so this file does not match itself.
const SHARED = "sha" + "red";
const OUTSIDE = [
  new RegExp(String.raw`\.\.[\\/]${SHARED}\b`), // the relative path, either slash
  new RegExp(String.raw`["']\.\.["']\s*,\s*["']${SHARED}["']`), // the same built with join()
  new RegExp(String.raw`/work/${SHARED}\b`),
];

function trackedTextFiles(): string[] {
  return mustRun("git", ["-C", REPO_ROOT, "ls-files", "-z"]).split("\0").filter(Boolean)
    .filter((f) => existsSync(join(REPO_ROOT, f)))
    .filter((f) => !/\.(gz|vhdx|png|jpg|ico|exe|zip)$/i.test(f));
}

test("no tracked file refers to the steering folder beside the repository", () => {
  const offenders: string[] = [];
  for (const file of trackedTextFiles()) {
    const lines = readFileSync(join(REPO_ROOT, file), "utf8").split("\n");
    lines.forEach((line, i) => {
      if (OUTSIDE.some((re) => re.test(line))) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(offenders, []);
});

test("the pattern catches the forms a reference outside the repository takes", () => {
  for (const line of [`bash ../${SHARED}/wine/setup.sh`, `resolve(ROOT, "..", "${SHARED}", "schemas")`, `cat /work/${SHARED}/x`]) {
    assert.ok(OUTSIDE.some((re) => re.test(line)), line);
  }
  assert.ok(!OUTSIDE.some((re) => re.test(`a shared buffer pool; ../${SHARED}mem is not it`)));
});

test("the Wine setup script, its ProcessPrng source and the vendored schemas are in the repository", () => {
  for (const f of [
    "tests/windows/wine/setup.sh", "tests/windows/wine/process_prng.c", "tests/windows/wine/process_prng.def",
    "vendor/README.md", "vendor/schemas/scoop/schema.json", "vendor/schemas/winget-1.10.0/manifest.installer.1.10.0.json",
  ]) {
    assert.ok(existsSync(join(REPO_ROOT, f)), f);
  }
  assert.match(readFileSync(join(REPO_ROOT, ".ci", "run"), "utf8"), /^bash tests\/windows\/wine\/setup\.sh$/m);
});
