#!/usr/bin/env node
// Builds what the npm package runs and ships into lib/ (git-ignored), with plain Node and the dev
// dependencies (npm runs it on `prepare`: after `npm ci` in a clone, and before `npm pack`/`publish`):
//   lib/cli.js               the CLI for Node >= 20: one minified ES module bundled by Bun
//                            (`bun build --target=node`) with its dependencies inside, so Node reads
//                            and compiles one file instead of ~200 (start-up: packaging/README.md);
//   lib/mod.js               the library API (mod.ts), bundled the same way but importing its npm
//                            dependencies, so library users and plugins share one zod with their own code;
//   lib/types/**.d.ts        declarations of mod.ts and what it exports (tsc --emitDeclarationOnly),
//                            relative imports rewritten from .ts to .js so TypeScript users resolve them.
//   lib/sample-distro.vhdx.gz  the demo's sample disks, read beside lib/cli.js
//   lib/sample-docker.vhdx.gz  (the distro's and Docker's).
// Usage: node scripts/build-npm.mjs   (npm run build:npm)
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const lib = join(root, "lib");
const bun = join(root, "node_modules", "bun", "bin", "bun.exe");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
for (const [tool, path] of [["bun", bun], ["tsc", tsc]]) {
  if (!existsSync(path)) fail(`${tool} is not installed under node_modules: run npm ci first (the build uses the dev dependencies)`);
}

function fail(message) {
  console.error(`build-npm: ${message}`);
  process.exit(1);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.status !== 0) fail(`${[cmd, ...args].join(" ")} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}${r.stderr}`);
}

rmSync(lib, { recursive: true, force: true });
const started = performance.now();
// `import.meta.main` is false in a bundle: cli/main.ts's "run when I am the entry" block goes, and
// bin/vhdx-shrink.mjs calls main() itself.
const BUNDLE = ["build", "--target=node", "--format=esm", "--minify", "--define", "import.meta.main=false"];
run(bun, [...BUNDLE, "--outfile", join(lib, "cli.js"), "cli/main.ts"]);
run(bun, [...BUNDLE, "--packages=external", "--outfile", join(lib, "mod.js"), "mod.ts"]);
copyFileSync(join(root, "samples", "sample-distro.vhdx.gz"), join(lib, "sample-distro.vhdx.gz"));
copyFileSync(join(root, "samples", "sample-docker.vhdx.gz"), join(lib, "sample-docker.vhdx.gz"));
// A type error does not stop the declarations (tsc still writes them); `npm test` type-checks and
// fails on it, while `npm ci` in a clone with work in progress still gets a runnable CLI.
const types = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, encoding: "utf8" });
if (!existsSync(join(lib, "types", "mod.d.ts"))) fail(`tsc wrote no declarations (exit ${types.status}):\n${types.stdout}${types.stderr}`);
if (types.status !== 0) console.error(`build-npm: warning: declarations written despite type errors (npm run typecheck lists them)`);

// tsc keeps the .ts extensions of the source's imports in declarations; the files are .d.ts now.
function rewrite(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) rewrite(p);
    else if (name.endsWith(".d.ts")) {
      const text = readFileSync(p, "utf8");
      const fixed = text.replace(/((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']*?)\.ts(["'])/g, "$1$2.js$3");
      if (fixed !== text) writeFileSync(p, fixed);
    }
  }
}
mkdirSync(join(lib, "types"), { recursive: true });
rewrite(join(lib, "types"));
const kb = (f) => (statSync(join(lib, f)).size / 1024).toFixed(0);
console.error(`build-npm: lib/cli.js ${kb("cli.js")} KiB, lib/mod.js ${kb("mod.js")} KiB, lib/types, lib/sample-distro.vhdx.gz in ${((performance.now() - started) / 1000).toFixed(1)} s`);
