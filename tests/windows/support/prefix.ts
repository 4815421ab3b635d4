/**
 * The suite's own Wine prefix (in the cache folder, so the user's `~/.wine` registry never sees fake
 * WSL distros), prepared by tests/windows/wine/setup.sh, with the emulators in `C:\vhdx-shrink-emulators`
 * put first on the Windows PATH through `WINEPATH`: there they win over Wine's own `net`, `fsutil`,
 * `whoami`, `tasklist`, `taskkill` and its `powershell` stub.
 * @module
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { userInfo } from "node:os";
import { join, resolve } from "node:path";
import { ROOT } from "../../../build.ts";
import { cacheDir } from "./binaries.ts";

/** Windows folder of the emulators inside the prefix. */
export const EMULATOR_DIR_WIN = "C:\\vhdx-shrink-emulators";
const WINE_CANDIDATES = ["wine64", "/usr/lib/wine/wine64"];

/** The Wine executable, or null when Wine is not installed. */
export function findWine(): string | null {
  return WINE_CANDIDATES.find((c) => {
    const r = spawnSync(c, ["--version"], { encoding: "utf8" });
    return !r.error && r.status === 0;
  }) ?? null;
}

/** The suite's prefix folder. */
export function prefixDir(): string {
  return join(cacheDir(), "prefix");
}

/** The real folder behind a `C:\` path of the prefix (Wine keeps the case it was created with). */
export function driveC(winPath = "C:\\"): string {
  const rest = winPath.replace(/^[Cc]:\\?/, "").split("\\").filter(Boolean);
  return join(prefixDir(), "drive_c", ...rest);
}

/** `Z:\...`: how a Windows program under Wine names a Linux path. */
export function zPath(linuxPath: string): string {
  return "Z:" + resolve(linuxPath).replace(/\//g, "\\");
}

/** The Windows user profile Wine made for this Linux user. */
export function wineUser(): { name: string; profile: string } {
  const name = userInfo().username;
  return { name, profile: `C:\\users\\${name}` };
}

/** Creates the prefix with setup.sh when it lacks the ProcessPrng DLL Bun's programs need. */
export function ensurePrefix(log: (s: string) => void = () => {}): void {
  if (existsSync(join(prefixDir(), "drive_c", "windows", "system32", "bcryptprimitives.dll"))) return;
  const setup = resolve(ROOT, "tests", "windows", "wine", "setup.sh");
  const started = Date.now();
  // Wine makes a missing prefix only when its parent exists: an empty folder is a fine start.
  mkdirSync(prefixDir(), { recursive: true });
  const r = spawnSync("bash", [setup], { env: { ...process.env, WINEPREFIX: prefixDir() }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`wine setup failed: ${r.stderr || r.stdout}`);
  log(`prepared Wine prefix ${prefixDir()} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Environment of every Windows process the suite starts. */
export function wineEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...process.env as Record<string, string>,
    WINEPREFIX: prefixDir(),
    WINEDEBUG: "-all",
    WINEPATH: EMULATOR_DIR_WIN,
    ...extra,
  };
}

/** What a Windows program did. */
export interface WineResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Raw stdout bytes (wsl.exe prints UTF-16LE). */
  stdoutBytes: Buffer;
}

/** Runs a Windows program in the prefix. Linux sees the low 8 bits of the exit code (wsl.exe's -1 is 255). */
export function runInPrefix(exe: string, args: string[], env: Record<string, string> = {}, timeoutMs = 180_000): Promise<WineResult> {
  const wine = findWine();
  if (!wine) throw new Error("wine64 is not installed: run sudo apt-get install -y wine wine64 gcc-mingw-w64-x86-64 && bash tests/windows/wine/setup.sh");
  return new Promise((resolvePromise, reject) => {
    const child = spawn(wine, [exe, ...args], { env: wineEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [], err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill(), timeoutMs);
    child.on("error", reject);
    // Wine hands its Unix stderr (fd 2) to every process the program starts, however started:
    // only fds 0 and 1 follow the Windows handles (tests/windows/README.md, "Unix stderr"). A
    // process left running (the stand-in `Docker Desktop.exe` that `docker desktop start` launches)
    // keeps this pipe open after the program exited, so "close" would never come: the run ends when
    // the program has exited and its stdout ended; stderr then gets a moment to drain, and is let go.
    let exitCode: number | null = null;
    let exited = false, stdoutEnded = false, stderrEnded = false, finished = false;
    let drain: ReturnType<typeof setTimeout> | undefined;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearTimeout(drain);
      child.stderr.destroy();
      const stdoutBytes = Buffer.concat(out);
      resolvePromise({
        code: exitCode ?? -1,
        stdout: stdoutBytes.toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        stdoutBytes,
      });
    };
    const maybeFinish = () => {
      if (!exited || !stdoutEnded) return;
      if (stderrEnded) return finish();
      drain ??= setTimeout(finish, STDERR_DRAIN_MS);
    };
    child.stdout.on("close", () => { stdoutEnded = true; maybeFinish(); });
    child.stderr.on("close", () => { stderrEnded = true; maybeFinish(); });
    child.on("exit", (code) => { exited = true; exitCode = code; maybeFinish(); });
  });
}

/** How long stderr may stay open after the program exited and its stdout ended (see runInPrefix). */
const STDERR_DRAIN_MS = 1_000;
