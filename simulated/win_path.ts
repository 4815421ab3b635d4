/**
 * Windows paths of the simulated machine and the real files behind them: `C:\Users\me\x.vhdx` lives at
 * `<stateDir>/drives/C/Users/me/x.vhdx`. Pure functions; no I/O.
 * @module
 */
import { join, win32 } from "node:path";

/** The long-path prefix WSL sometimes stores in `BasePath` (docs/research.md §3). */
export const LONG_PATH_PREFIX = "\\\\?\\";

/** Removes a `\\?\` prefix: `\\?\C:\wsl\Ubuntu` → `C:\wsl\Ubuntu`. */
export function stripLongPathPrefix(path: string): string {
  return path.startsWith(LONG_PATH_PREFIX) ? path.slice(LONG_PATH_PREFIX.length) : path;
}

/** Canonical form for comparing Windows paths: no prefix, backslashes, resolved, upper-case drive, no trailing slash. */
export function normalizeWinPath(path: string): string {
  const p = win32.normalize(stripLongPathPrefix(path).replace(/\//g, "\\"));
  const withDrive = /^[a-z]:/.test(p) ? p[0].toUpperCase() + p.slice(1) : p;
  return withDrive.length > 3 ? withDrive.replace(/\\+$/, "") : withDrive;
}

/** A comparison key: Windows paths are case-insensitive. */
export function winPathKey(path: string): string {
  return normalizeWinPath(path).toLowerCase();
}

/** The drive letter of an absolute Windows path, upper-case; throws for relative or UNC paths. */
export function driveOf(path: string): string {
  const m = /^([A-Za-z]):(\\|$)/.exec(normalizeWinPath(path));
  if (!m) throw Object.assign(new Error(`The system cannot find the path specified: ${path}`), { code: "ENOENT" });
  return m[1].toUpperCase();
}

/** Maps an absolute Windows path to the real file under `stateDir/drives/<L>/`. */
export function toRealPath(stateDir: string, path: string): string {
  const drive = driveOf(path);
  const rest = normalizeWinPath(path).slice(3).split("\\").filter((s) => s.length > 0);
  return join(stateDir, "drives", drive, ...rest);
}
