/**
 * The compiled Linux binary (`bun build --compile`, packaging/compile.ts), built once per source
 * change into a cache folder so repeated test runs do not pay for it: `$VHDX_SHRINK_LINUX_CACHE`,
 * else node_modules/.cache/vhdx-shrink-linux.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import process from "node:process";
import { compile, ENTRY } from "../../build.ts";

const ROOT = new URL("../..", import.meta.url).pathname;

/** What the binary is built from. */
const SOURCES = ["core", "cli", "plugins", "simulated", "mod.ts", "samples", "packaging", "package.json"];

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name === "node_modules" || name.startsWith(".")) continue;
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (/\.(ts|mjs|json|vhdx|gz)$/.test(name) && !name.endsWith("_test.ts")) out.push(p);
  }
  return out;
}

function sourceHash(): string {
  const h = createHash("sha256");
  for (const root of SOURCES) {
    const p = join(ROOT, root);
    if (!existsSync(p)) continue;
    for (const f of statSync(p).isDirectory() ? sourceFiles(p) : [p]) h.update(relative(ROOT, f)).update("\0").update(readFileSync(f)).update("\0");
  }
  return h.digest("hex").slice(0, 16);
}

/** Path of the compiled Linux binary of the current sources, compiling it when the cache has none. */
export async function linuxBinary(): Promise<string> {
  const dir = process.env.VHDX_SHRINK_LINUX_CACHE || join(ROOT, "node_modules", ".cache", "vhdx-shrink-linux");
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `vhdx-shrink-${sourceHash()}`);
  if (existsSync(out)) return out;
  // Older builds go; another test file's build in progress (a `.partial-<pid>` name) stays.
  for (const old of readdirSync(dir).filter((n) => n.startsWith("vhdx-shrink-") && !n.includes(".partial-"))) rmSync(join(dir, old), { force: true });
  const temp = `${out}.partial-${process.pid}`;
  await compile({ root: ROOT, entry: ENTRY, target: "linux", outfile: temp, compiler: "bun" });
  renameSync(temp, out);
  return out;
}
