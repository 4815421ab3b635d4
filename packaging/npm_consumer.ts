/**
 * The npm package as a user installs it: `npm pack` of the repository, then an empty project that
 * installs the tarball with `npm install --offline`. Used by tests/packaging/npm_package_test.ts and
 * by the benchmark's Node row (bench/compact.ts).
 * @module
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { BuildError } from "./build_error.ts";

/** npm without its network side trips (audit, fund, update check). */
export const NPM_ENV: NodeJS.ProcessEnv = { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };

/** Runs npm in `cwd`; throws with npm's stderr when it fails. */
export function npm(args: string[], cwd: string): string {
  const r = spawnSync("npm", args, { cwd, env: NPM_ENV, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.status !== 0) throw new BuildError(`npm ${args.join(" ")} failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr}`);
  return r.stdout;
}

/** A packed package: the tarball and the files it holds. */
export interface Packed {
  tarball: string;
  files: string[];
}

/** `npm pack` of `root` into `dir` (runs `prepare`, the build of lib/). */
export function packRepository(root: string, dir: string): Packed {
  // --json: prepare writes its log to stderr, so stdout stays the JSON document.
  const [info] = JSON.parse(npm(["pack", "--json", "--pack-destination", dir], root)) as { filename: string; files: { path: string }[] }[];
  return { tarball: join(dir, info.filename), files: info.files.map((f) => f.path) };
}

/**
 * Installs `tarball` into a new empty project `project` with `npm install --offline` and returns
 * the installed bin. The project's lockfile names our runtime dependencies exactly as our
 * package-lock.json resolves them (its non-dev entries): `npm ci` cached those tarballs, but not
 * the registry metadata a lockfile-less offline install would need to resolve version ranges.
 */
export async function installTarball(root: string, tarball: string, project: string): Promise<string> {
  await mkdir(project, { recursive: true });
  const name = basename(tarball);
  await copyFile(tarball, join(project, name));
  const ours = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, Record<string, unknown>> };
  const self = ours.packages[""];
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  const manifest = { name: "consumer", version: "1.0.0", private: true, type: "module", dependencies: { "vhdx-shrink": `file:${name}` } };
  const packages: Record<string, unknown> = {
    "": { name: manifest.name, version: manifest.version, dependencies: manifest.dependencies },
    "node_modules/vhdx-shrink": { version, resolved: `file:${name}`, dependencies: self.dependencies, bin: self.bin, engines: self.engines },
  };
  for (const [path, entry] of Object.entries(ours.packages)) if (path.startsWith("node_modules/") && !entry.dev) packages[path] = entry;
  await writeFile(join(project, "package.json"), JSON.stringify(manifest, null, 2));
  await writeFile(join(project, "package-lock.json"), JSON.stringify({ ...manifest, lockfileVersion: 3, requires: true, packages }, null, 2));
  npm(["install", "--offline"], project);
  return join(project, "node_modules", ".bin", "vhdx-shrink");
}
