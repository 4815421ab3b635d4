/**
 * Keeps `core/version.ts` equal to package.json's version, the one the release is tagged with.
 * The CLI cannot read package.json at run time (a compiled binary has none), so the constant is
 * written into the source.
 * @module
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BuildError } from "./build_error.ts";

/** Where the constant lives, relative to the repository root. */
export const VERSION_FILE = "core/version.ts";
const VERSION_LINE = /^export const VERSION = "([^"]*)";$/m;

/** package.json's version. */
export async function packageVersion(root: string): Promise<string> {
  const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version?: unknown };
  if (typeof pkg.version !== "string" || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(pkg.version)) {
    throw new BuildError(`package.json has no semver "version" (found ${JSON.stringify(pkg.version)}): set one like "1.2.3"`);
  }
  return pkg.version;
}

/** The VERSION constant in core/version.ts. */
export async function sourceVersion(root: string): Promise<string> {
  const text = await readFile(join(root, VERSION_FILE), "utf8");
  const m = VERSION_LINE.exec(text);
  if (!m) throw new BuildError(`${VERSION_FILE} has no line 'export const VERSION = "x.y.z";': restore it so the build can check it`);
  return m[1];
}

/**
 * Checks that core/version.ts says what package.json says; with `stamp`, rewrites it instead of failing.
 * @returns the version, and whether the file was rewritten.
 */
export async function ensureVersion(root: string, stamp: boolean): Promise<{ version: string; stamped: boolean }> {
  const version = await packageVersion(root);
  const current = await sourceVersion(root);
  if (current === version) return { version, stamped: false };
  if (!stamp) {
    throw new BuildError(`${VERSION_FILE} says ${current} but package.json says ${version}: ` +
      `run the build with --stamp to write ${version} into ${VERSION_FILE}`);
  }
  const path = join(root, VERSION_FILE);
  const text = await readFile(path, "utf8");
  await writeFile(path, text.replace(VERSION_LINE, `export const VERSION = ${JSON.stringify(version)};`));
  return { version, stamped: true };
}
