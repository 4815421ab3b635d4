/**
 * `wsl --manage <distro> --move <folder>`: the WSL service moves the distro's disk into the folder
 * (creating it; the file keeps its name) and rewrites the registration's BasePath; it refuses a running
 * distro, a WSL 1 distro and a folder another distro uses, and moves the disk back when the
 * registration cannot be written (microsoft/WSL `LxssUserSessionImpl::MoveDistribution`,
 * docs/windows-behaviour.md). Only the Store wsl.exe has `--manage` (docs/windows-facts.md §4), so its
 * presence is read from the usage text, where `--move <Location>` is listed under `--manage`.
 * @module
 */
import type { Host } from "../host/host.ts";
import { runWsl, runWslOk } from "./run_wsl.ts";
import type { WslCallOptions } from "./run_wsl.ts";

/** The `--manage` option (Resources.resw MessageUsage: "--move <Location>  Move the distribution to a new location."). */
export const MOVE_OPTION = "--move";

/** Arguments of the move of `distro` to `folder`. */
export function moveArgs(distro: string, folder: string): string[] {
  return ["--manage", distro, MOVE_OPTION, folder];
}

/** Whether a wsl.exe usage text lists `--move` (as an option of its own, not inside another word). */
export function usageListsMove(usage: string): boolean {
  return /(^|\s)--move(\s|$)/m.test(usage);
}

/** Whether the installed wsl.exe has `--manage --move` (read from `wsl --help`, as for `--compact`: core/wsl/manage_compact.ts). */
export async function wslHasMove(host: Host, opts: WslCallOptions = {}): Promise<boolean> {
  const r = await runWsl(host, ["--help"], opts).catch(() => null);
  return r !== null && usageListsMove(`${r.stdout}\n${r.stderr}`);
}

/** Runs `wsl --manage <distro> --move <folder>`; throws `WslCommandError` with WSL's reason when it fails. */
export async function moveDistro(host: Host, distro: string, folder: string, opts: WslCallOptions = {}): Promise<void> {
  await runWslOk(host, moveArgs(distro, folder), `moving ${distro} to ${folder} with WSL`, opts);
}
