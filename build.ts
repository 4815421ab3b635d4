/**
 * Builds the release: one self-contained executable per platform, each also compressed (the `.zip`
 * and `.tar.gz` users download), `SHA256SUMS`, and the Scoop and winget manifests carrying the
 * hashes of exactly those files.
 *
 *     npm run build                      # tsx build.ts: both binaries + manifests into dist/
 *     deno run -A build.ts --target windows
 *     bun build.ts --skip-compile        # manifests only, from the binaries already in dist/
 *
 * Options: `--target windows|linux|all`, `--skip-compile`, `--deno` (compile with `deno compile`; it
 * downloads its runtime from dl.deno.land), `--stamp` (write package.json's version into
 * core/version.ts instead of failing when they differ), `--out DIR` (default dist), `--release`
 * (the release step: also fill the committed bucket/vhdx-shrink.json (the Scoop bucket this repository is) with this build's hashes; without
 * it a build writes only into the output folder and leaves the working tree clean).
 * @module
 */
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { BuildError } from "./packaging/build_error.ts";
import { compile } from "./packaging/compile.ts";
import type { Compiler, Target } from "./packaging/compile.ts";
import { ARCHIVED_NAMES, ASSETS } from "./packaging/package_info.ts";
import { archiveFile } from "./packaging/archives.ts";
import { ensureVersion } from "./packaging/version_stamp.ts";
import { writeManifests } from "./packaging/write_manifests.ts";

export { writeManifests } from "./packaging/write_manifests.ts";
export type { WriteManifestsOptions, WrittenManifests } from "./packaging/write_manifests.ts";
export { compile } from "./packaging/compile.ts";
export { ensureVersion } from "./packaging/version_stamp.ts";
export { BuildError } from "./packaging/build_error.ts";

/** The repository root (this file's folder). */
export const ROOT: string = dirname(fileURLToPath(import.meta.url));
/** The entry module every binary starts in: the CLI plus the embedded sample disk (Bun). */
export const ENTRY = "packaging/binary_entry.ts";

/** Parsed command line of the build. */
export interface BuildOptions {
  targets: Target[];
  skipCompile: boolean;
  compiler: Compiler;
  stamp: boolean;
  outDir: string;
  /** Fill the committed bucket/vhdx-shrink.json with this build's hashes (the release step only). */
  release: boolean;
}

const USAGE = "usage: build.ts [--target windows|linux|all] [--skip-compile] [--deno] [--stamp] [--release] [--out DIR]";

/** Parses the build's arguments; throws {@link BuildError} with the usage line on bad input. */
export function parseBuildArgs(argv: string[], root: string = ROOT): BuildOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        target: { type: "string", default: "all" },
        "skip-compile": { type: "boolean", default: false },
        deno: { type: "boolean", default: false },
        stamp: { type: "boolean", default: false },
        release: { type: "boolean", default: false },
        out: { type: "string", default: "dist" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new BuildError(`${(e as Error).message}: ${USAGE}`);
  }
  const targetsByName: Record<string, Target[]> = { all: ["windows", "linux"], windows: ["windows"], linux: ["linux"] };
  const targets = targetsByName[values.target];
  if (!targets) throw new BuildError(`unknown --target ${values.target}: use windows, linux or all`);
  return {
    targets,
    skipCompile: values["skip-compile"],
    compiler: values.deno ? "deno" : "bun",
    stamp: values.stamp,
    outDir: resolve(root, values.out),
    release: values.release,
  };
}

/** Runs a whole build; `log` receives one line per step. */
export async function build(opts: BuildOptions, root: string = ROOT, log: (line: string) => void = console.log): Promise<void> {
  const { version, stamped } = await ensureVersion(root, opts.stamp);
  if (stamped) log(`stamped ${version} into core/version.ts`);
  const paths: Record<Target, string> = { windows: join(opts.outDir, ASSETS.windows), linux: join(opts.outDir, ASSETS.linux) };
  if (!opts.skipCompile) {
    for (const target of opts.targets) {
      const started = performance.now();
      await compile({ root, entry: ENTRY, target, outfile: paths[target], compiler: opts.compiler });
      const mb = (statSync(paths[target]).size / 1e6).toFixed(1);
      log(`compiled ${relative(root, paths[target])} (${mb} MB) with ${opts.compiler} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
  }
  if (!existsSync(paths.windows)) {
    if (opts.skipCompile || opts.targets.includes("windows")) {
      throw new BuildError(`${relative(root, paths.windows)} not found: build it first (npm run build -- --target windows)`);
    }
    log(`no ${ASSETS.windows} in ${relative(root, opts.outDir)}: SHA256SUMS and manifests not written`);
    return;
  }
  // The downloads: every binary present, compressed (reproducible, so re-archiving is harmless).
  const archives: Record<Target, string> = { windows: join(opts.outDir, ASSETS.windowsZip), linux: join(opts.outDir, ASSETS.linuxTarGz) };
  const assets: string[] = [];
  for (const target of ["windows", "linux"] as const) {
    if (!existsSync(paths[target])) continue;
    const started = performance.now();
    await archiveFile(target === "windows" ? "zip" : "tar.gz", paths[target], ARCHIVED_NAMES[target], archives[target]);
    const mb = (statSync(archives[target]).size / 1e6).toFixed(1);
    log(`archived ${relative(root, archives[target])} (${mb} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    assets.push(paths[target], ...(target === "linux" ? [archives.linux] : []));
  }
  const written = await writeManifests({
    version,
    windowsZip: archives.windows,
    otherAssets: assets,
    outDir: opts.outDir,
    description: await packageDescription(root),
    // Only the release step rewrites the committed manifest: an ordinary build leaves the tree clean.
    rootScoopManifest: opts.release ? join(root, "bucket", "vhdx-shrink.json") : undefined,
  });
  for (const [name, digest] of Object.entries(written.sums)) log(`sha256 ${digest}  ${name}`);
  for (const file of written.files) log(`wrote ${relative(root, file)}`);
}

async function packageDescription(root: string): Promise<string | undefined> {
  const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { description?: string };
  return pkg.description;
}

function isEntry(): boolean {
  const meta = import.meta as { main?: boolean };
  if (meta.main !== undefined) return meta.main;
  // Node (tsx) has no import.meta.main: compare the entry script with this module.
  return /(^|[\\/])build\.ts$/.test(process.argv[1] ?? "");
}

if (isEntry()) {
  try {
    await build(parseBuildArgs(process.argv.slice(2)));
  } catch (e) {
    if (!(e instanceof BuildError)) throw e;
    console.error(`build: ${e.message}`);
    process.exitCode = 1;
  }
}
