/**
 * The CLI as the npm package runs it, for the benchmarks: `bin/vhdx-shrink.mjs` beside `lib/cli.js`
 * bundled by `bun build --target=node` with scripts/build-npm.mjs's flags (dependencies inside),
 * built afresh into a temp folder so a run times the sources as they are, on plain Node.
 * @module
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

/** Builds the bundle under `dir` and returns the path of its bin (run it with `node`). */
export function buildNpmCli(root: string, dir: string): string {
  mkdirSync(join(dir, "bin"), { recursive: true });
  mkdirSync(join(dir, "lib"), { recursive: true });
  const bun = join(root, "node_modules", "bun", "bin", "bun.exe");
  const args = ["build", "--target=node", "--format=esm", "--minify", "--define", "import.meta.main=false", "--outfile", join(dir, "lib", "cli.js"), join(root, "cli/main.ts")];
  const r = spawnSync(bun, args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bun ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  copyFileSync(join(root, "bin", "vhdx-shrink.mjs"), join(dir, "bin", "vhdx-shrink.mjs"));
  copyFileSync(join(root, "package.json"), join(dir, "package.json"));
  return join(dir, "bin", "vhdx-shrink.mjs");
}
