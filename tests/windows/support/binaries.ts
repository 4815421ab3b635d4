/**
 * The two Windows programs of the suite, built once per source change into the cache folder: the
 * product (`vhdx-shrink.exe`, as build.ts compiles it) and the emulator (tests/windows/emulator/main.ts),
 * which is installed into the prefix under every emulated tool's name. Each .exe is ~115 MB: the
 * emulators are hard links of one file where the filesystem allows.
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, copyFileSync, renameSync } from "node:fs";
import { join, relative } from "node:path";
import { spawnSync } from "node:child_process";
import { compile, ENTRY, ROOT } from "../../../build.ts";

/**
 * Emulated programs installed into the prefix (Wine's own `reg`, `cmd` stay: they are real enough).
 * Wine 8's own `schtasks` cannot serve: `/Create` takes only `/XML` (a `/TR` is "Unsupported
 * argument", exit 1) and `/Query` is not implemented (exit 0, no output; wine-mirror/wine:
 * programs/schtasks/schtasks.c). Its `sc` knows no Docker service.
 */
export const EMULATED_TOOLS = ["wsl", "diskpart", "powershell", "net", "whoami", "fsutil", "docker", "tasklist", "taskkill", "schtasks", "sc", "defrag", "rdctl"] as const;

/** Where builds and the prefix are cached: `$VHDX_SHRINK_WINE_CACHE`, else node_modules/.cache. */
export function cacheDir(): string {
  return process.env.VHDX_SHRINK_WINE_CACHE || join(ROOT, "node_modules", ".cache", "vhdx-shrink-windows");
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name === "node_modules" || name.startsWith(".")) continue;
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (/\.(ts|mjs|json)$/.test(name) && !name.endsWith("_test.ts")) out.push(p);
  }
  return out;
}

/** Hash of the sources a program is compiled from: a changed file means a rebuild. */
function sourceHash(roots: string[]): string {
  const h = createHash("sha256");
  for (const root of roots) {
    const files = statSync(join(ROOT, root)).isDirectory() ? sourceFiles(join(ROOT, root)) : [join(ROOT, root)];
    for (const f of files) h.update(relative(ROOT, f)).update("\0").update(readFileSync(f)).update("\0");
  }
  return h.digest("hex").slice(0, 16);
}

/** Compiles `entry` for Windows unless a build from the same sources is cached; returns its path. */
async function cachedBuild(kind: string, entry: string, roots: string[], log: (s: string) => void): Promise<string> {
  const out = join(cacheDir(), `${kind}-${sourceHash(roots)}.exe`);
  if (existsSync(out)) return out;
  for (const old of readdirSync(cacheDir()).filter((n) => n.startsWith(`${kind}-`))) rmSync(join(cacheDir(), old), { force: true });
  const started = Date.now();
  // Bun appends ".exe" to a Windows outfile that lacks it: the temporary name must end in .exe.
  const temp = out.replace(/\.exe$/, ".partial.exe");
  if (kind === "product") await compile({ root: ROOT, entry, target: "windows", outfile: temp, compiler: "bun" });
  else {
    const bun = join(ROOT, "node_modules", "bun", "bin", "bun.exe");
    const r = spawnSync(bun, ["build", "--compile", "--target=bun-windows-x64", "--outfile", temp, entry], { cwd: ROOT, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`bun could not compile the emulator: ${r.stderr || r.stdout}`);
  }
  renameSync(temp, out);
  log(`built ${relative(ROOT, out)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return out;
}

/** Paths of the built programs. */
export interface Binaries {
  product: string;
  emulator: string;
}

/** Builds (or reuses) the product and the emulator. */
export async function ensureBinaries(log: (s: string) => void = () => {}): Promise<Binaries> {
  mkdirSync(cacheDir(), { recursive: true });
  const shared = ["core", "package.json"];
  return {
    product: await cachedBuild("product", ENTRY, [...shared, "cli", "plugins", "simulated", "mod.ts", "samples", "packaging/binary_entry.ts"], log),
    emulator: await cachedBuild("emulator", "tests/windows/emulator/main.ts", [...shared, "simulated", "tests/windows/emulator"], log),
  };
}

/** Installs the emulator into `binDir` once per tool name (hard links, else copies). */
export function installEmulators(emulator: string, binDir: string): void {
  mkdirSync(binDir, { recursive: true });
  for (const tool of EMULATED_TOOLS) {
    const target = join(binDir, `${tool}.exe`);
    if (existsSync(target) && statSync(target).ino === statSync(emulator).ino) continue;
    rmSync(target, { force: true });
    try {
      linkSync(emulator, target);
    } catch {
      copyFileSync(emulator, target);
    }
  }
}
