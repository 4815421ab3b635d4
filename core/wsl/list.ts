/**
 * `wsl --list --verbose` and `--list --quiet`. Verbose rows start with `*` (default) or a space and
 * their state words are always English; the quiet form prints bare names (docs/research.md §4).
 * @module
 */
import type { Host } from "../host/host.ts";
import { runWsl, wslFailure } from "./run_wsl.ts";
import type { WslCallOptions } from "./run_wsl.ts";

/** WSL's state words in `--list --verbose` (WslClient.cpp; never translated). */
export type DistroState = "Stopped" | "Running" | "Installing" | "Uninstalling" | "Converting" | "Exporting";

/** One row of `wsl --list --verbose`. */
export interface ListedDistro {
  name: string;
  state: DistroState | string;
  version: number;
  isDefault: boolean;
}

/** Error code wsl.exe gives when no distro is registered: an empty list, not a failure. */
const NO_DISTROS = "Wsl/WSL_E_DEFAULT_DISTRO_NOT_FOUND";

/** Parses `--list --verbose` output (already decoded, `\n` line ends). */
export function parseListVerbose(text: string): ListedDistro[] {
  const rows = text.split("\n").filter((l) => l.trim().length > 0);
  // The first row is the (translated) header; data rows end in the version number.
  return rows.slice(1).map((l) => /^\s*(\*?)\s*(\S+)\s+(\S+)\s+(\d+)\s*$/.exec(l)).filter((m) => m !== null)
    .map((m) => ({ isDefault: m![1] === "*", name: m![2], state: m![3], version: Number(m![4]) }));
}

/** Parses `--list --quiet` output: one name per line. */
export function parseListQuiet(text: string): string[] {
  return text.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
}

/** Where WSL registers distros: one `{GUID}` subkey each (docs/research.md §3). */
const LXSS_KEY = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss";

/**
 * Runs a `--list` form; no registered distro at all is an empty list, not a failure. Store WSL says
 * so with its error code; the in-box wsl.exe prints no `Error code:` line (docs/windows-facts.md §10),
 * so a failure without a code counts as "none" only when the registry holds no distro either.
 */
async function runList<T>(host: Host, args: string[], parse: (text: string) => T[], opts: WslCallOptions): Promise<T[]> {
  const r = await runWsl(host, args, opts);
  if (r.code === 0) return parse(r.stdout);
  if (r.wslCode === NO_DISTROS) return [];
  if (r.wslCode === undefined && (await registeredDistroKeys(host)) === 0) return [];
  throw wslFailure(r, "listing WSL distros", args);
}

/** How many distros the registry holds (`{GUID}` subkeys of Lxss); -1 when it cannot be read. */
async function registeredDistroKeys(host: Host): Promise<number> {
  try {
    return (await host.registry.subkeys(LXSS_KEY)).filter((k) => /^\{[0-9a-f-]+\}$/i.test(k)).length;
  } catch {
    return -1;
  }
}

/** Registered distros with state and version. */
export function listDistros(host: Host, opts: WslCallOptions = {}): Promise<ListedDistro[]> {
  return runList(host, ["--list", "--verbose"], parseListVerbose, opts);
}

/** Names of registered distros. */
export function listDistroNames(host: Host, opts: WslCallOptions = {}): Promise<string[]> {
  return runList(host, ["--list", "--quiet"], parseListQuiet, opts);
}

/** Whether a distro of that name is registered (names compare case-insensitively, as WSL does). */
export async function isRegistered(host: Host, name: string, opts: WslCallOptions = {}): Promise<boolean> {
  return (await listDistroNames(host, opts)).some((n) => n.toLowerCase() === name.toLowerCase());
}
