/**
 * Docker Desktop's process under Wine. The product finds Docker Desktop in the process snapshot
 * (CreateToolhelp32Snapshot: Wine's real process table), while the emulated Docker Desktop is a flag
 * in the machine state. So whenever that flag says running, a process named `Docker Desktop.exe` runs
 * in the prefix (the MinGW stand-in, `standin sleep`), and it is ended with Wine's taskkill when the
 * flag goes off: at the machine's build (support/machine.ts) and after every emulated tool that
 * changes it (main.ts). A marker file beside the emulators says one was started.
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Docker Desktop's image name, as the process snapshot lists it. */
export const DESKTOP_IMAGE = "Docker Desktop.exe";

/** Marker beside the emulators while a stand-in Docker Desktop may run. */
export const DESKTOP_MARKER = "docker-desktop.running";

/** Wine's own taskkill (the emulated one comes first on WINEPATH). */
export const WINE_TASKKILL = "C:\\windows\\system32\\taskkill.exe";

/** Arguments that start the stand-in as Docker Desktop: it sleeps a day, or until killed. */
export const DESKTOP_ARGS = ["sleep", "86400000"];

/** Builds the MinGW stand-in (tests/windows/standin/standin.c) into `dir` when its source is newer. */
export function buildStandin(dir: string): string {
  const src = new URL("../standin/standin.c", import.meta.url).pathname;
  const exe = join(dir, "standin.exe");
  if (!existsSync(exe) || statSync(src).mtimeMs > statSync(exe).mtimeMs) {
    mkdirSync(dir, { recursive: true });
    const r = spawnSync("x86_64-w64-mingw32-gcc", ["-municode", "-O2", "-Wall", "-o", exe, src], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`building the stand-in failed: ${r.stderr}`);
  }
  return exe;
}

/**
 * Inside the prefix (the emulator, a Windows program): starts the stand-in `Docker Desktop.exe` from
 * `emulatorDir` when Docker Desktop now runs, ends it with Wine's taskkill when it no longer does.
 */
export function reconcileDesktopProcess(emulatorDir: string, was: boolean, now: boolean): void {
  if (was === now) return;
  const marker = join(emulatorDir, DESKTOP_MARKER);
  if (now) {
    // Through `launch`: a child started here would inherit this emulator's output pipes and keep
    // the product waiting for them to close. Wine's Unix stderr still reaches it (every Wine process
    // gets the fd 2 Wine started with): support/prefix.ts runInPrefix does not wait for that pipe
    // (tests/windows/README.md, "Unix stderr").
    spawnSync(join(emulatorDir, DESKTOP_IMAGE), ["launch", DESKTOP_ARGS[1]], { stdio: "ignore", windowsHide: true });
    writeFileSync(marker, "");
  } else {
    spawnSync(WINE_TASKKILL, ["/F", "/IM", DESKTOP_IMAGE], { windowsHide: true });
    rmSync(marker, { force: true });
  }
}
