/**
 * Compiles the CLI into one self-contained executable per target with `bun build --compile`
 * (default) or `deno compile`. Both fetch the runtime of a foreign target on first use: Bun from the
 * npm registry (`@oven/bun-windows-x64`, reachable here), Deno from dl.deno.land (not reachable here).
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { BuildError } from "./build_error.ts";

/** A platform we ship a binary for. */
export type Target = "windows" | "linux";
/** Which toolchain compiles. */
export type Compiler = "bun" | "deno";

/** Each toolchain's name for our targets (`bun build --help`; `deno compile --help`). */
const TARGET_TRIPLES: Record<Compiler, Record<Target, string>> = {
  bun: { windows: "bun-windows-x64", linux: "bun-linux-x64" },
  deno: { windows: "x86_64-pc-windows-msvc", linux: "x86_64-unknown-linux-gnu" },
};

/**
 * Bun's bytecode cache skips parsing at start-up: `--version` takes ~15 ms of CPU instead of ~48 ms
 * (packaging/README.md). `--format=esm` keeps top-level await, which cli/main.ts uses (Bun's bytecode
 * default is cjs). No minification: `--debug` stack traces stay readable and the size barely changes.
 */
const BUN_FLAGS = ["--bytecode", "--format=esm"];

/** `deno compile`'s entry and the sample file it embeds (packaging/binary_entry.ts is Bun-only). */
const DENO_ENTRY = "cli/main.ts";
const DENO_SAMPLE = "samples/sample-distro.vhdx.gz";
const DENO_DOCKER_SAMPLE = "samples/sample-docker.vhdx.gz";

/** What to compile. */
export interface CompileOptions {
  root: string;
  /** Entry module relative to `root`. */
  entry: string;
  target: Target;
  outfile: string;
  compiler: Compiler;
}

/** Compiles one target; throws {@link BuildError} with the compiler's last output lines when it fails. */
export async function compile(opts: CompileOptions): Promise<void> {
  await mkdir(dirname(opts.outfile), { recursive: true });
  const exe = toolPath(opts.root, opts.compiler);
  const triple = TARGET_TRIPLES[opts.compiler][opts.target];
  // Deno has no file imports: it compiles the CLI itself and embeds the sample with --include, which
  // the CLI then reads beside its module as it does from source.
  const args = opts.compiler === "bun"
    ? ["build", "--compile", ...BUN_FLAGS, `--target=${triple}`, "--outfile", opts.outfile, opts.entry]
    : ["compile", "-A", "--no-check", "--include", DENO_SAMPLE, "--include", DENO_DOCKER_SAMPLE, "--target", triple, "--output", opts.outfile, DENO_ENTRY];
  const r = spawnSync(exe, args, {
    cwd: opts.root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1" },
  });
  if (r.error || r.status !== 0) {
    // Deno appends a Rust backtrace after the cause chain; the cause chain is what explains the failure.
    const output = `${r.stdout ?? ""}${r.stderr ?? ""}`.split("Stack backtrace:")[0].trim().split("\n").slice(-6).join("\n");
    const hint = opts.compiler === "deno"
      ? "deno compile downloads its runtime (denort) from dl.deno.land; build with bun instead (drop --deno) where that host is unreachable"
      : "check that `npm ci` installed the bun dev dependency and that registry.npmjs.org is reachable for the cross-target runtime";
    throw new BuildError(`${opts.compiler} could not compile ${opts.target} (${r.error?.message ?? `exit ${r.status}`}): ${hint}\n${output}`);
  }
}

/**
 * The compiler executable: this process when the build runs on that runtime, else the copy the npm
 * dev dependency installed (the `bun` package ships `bin/bun.exe` on every OS).
 */
export function toolPath(root: string, compiler: Compiler): string {
  const g = globalThis as { Bun?: unknown; Deno?: unknown };
  if ((compiler === "bun" && g.Bun) || (compiler === "deno" && g.Deno)) return process.execPath;
  const candidates = compiler === "bun"
    ? [join(root, "node_modules", "bun", "bin", "bun.exe")]
    : [join(root, "node_modules", "deno", "deno.exe"), join(root, "node_modules", "deno", "deno")];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new BuildError(`no ${compiler} executable under node_modules: run \`npm ci\` first`);
  return found;
}
