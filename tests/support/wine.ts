/**
 * Test support: run the Windows build under Wine on Linux (prefix prepared by
 * tests/windows/wine/setup.sh, which .ci/run runs). Tests skip with {@link wineSkipReason} when it is missing.
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { RunResult } from "./tools.ts";

/** What to run when Wine is missing (Debian; .ci/run does both). */
export const WINE_INSTALL_HINT = "sudo apt-get install -y wine wine64 gcc-mingw-w64-x86-64 && bash tests/windows/wine/setup.sh";

/** `wine64` on PATH (setup.sh links it), else where Debian's wine64 package puts it. */
const WINE_CANDIDATES = ["wine64", "/usr/lib/wine/wine64"];
let wineExe: string | null | undefined;

function findWine(): string | null {
  wineExe ??= WINE_CANDIDATES.find((c) => {
    const r = spawnSync(c, ["--version"], { encoding: "utf8" });
    return !r.error && r.status === 0;
  }) ?? null;
  return wineExe;
}

/** The Wine prefix: `$WINEPREFIX`, else `~/.wine` (Wine's default). */
export function winePrefix(): string {
  return process.env.WINEPREFIX || join(homedir(), ".wine");
}

/**
 * Why Wine cannot run our .exe here, or undefined when it can. Bun-built programs import `ProcessPrng`
 * from bcryptprimitives.dll, which Wine 8 lacks and tests/windows/wine/setup.sh builds from process_prng.c.
 */
export function wineSkipReason(): string | undefined {
  if (!findWine()) return `wine64 is not installed: ${WINE_INSTALL_HINT}`;
  if (!existsSync(join(winePrefix(), "drive_c", "windows", "system32", "bcryptprimitives.dll"))) {
    return `the Wine prefix ${winePrefix()} lacks bcryptprimitives.dll: run bash tests/windows/wine/setup.sh`;
  }
  return undefined;
}

/** Whether the Windows build can run under Wine here. */
export function wineAvailable(): boolean {
  return wineSkipReason() === undefined;
}

/** Options of {@link runWine}. */
export interface WineRunOptions {
  cwd?: string;
  /** Extra environment variables (Wine passes them to the Windows process). */
  env?: Record<string, string>;
  input?: string;
  /** Milliseconds before the process is killed (default 60 s: a first start in a fresh prefix is slow). */
  timeout?: number;
}

/** Runs a Windows program under Wine with Wine's own logging off (`WINEDEBUG=-all`). */
export function runWine(exe: string, args: string[], opts: WineRunOptions = {}): RunResult {
  const wine = findWine();
  if (!wine) throw new Error(`wine64 is not installed: ${WINE_INSTALL_HINT}`);
  const r = spawnSync(wine, [exe, ...args], {
    cwd: opts.cwd,
    input: opts.input,
    encoding: "utf8",
    timeout: opts.timeout ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, WINEDEBUG: "-all", ...opts.env },
  });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The path a Windows program under Wine uses for a Linux path: Wine maps this machine's `/` to `Z:`.
 * @example
 * toWinePath("/tmp/a/b.vhdx"); // "Z:\\tmp\\a\\b.vhdx"
 */
export function toWinePath(linuxPath: string): string {
  return "Z:" + resolve(linuxPath).replace(/\//g, "\\");
}
