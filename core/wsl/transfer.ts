/**
 * `wsl --export` to a tar file and `wsl --import` from one. Both must run un-elevated: registering
 * from an elevated process fails with `0x8007051b` (wslcompact#38, docs/research.md §4).
 * @module
 */
import type { Host } from "../host/host.ts";
import { runWslOk } from "./run_wsl.ts";
import type { WslCallOptions } from "./run_wsl.ts";

/**
 * Arguments of `wsl --export D file`. Without `--format` every wsl.exe writes a plain tar; the
 * Windows 10 in-box wsl.exe does not know `--format` and rejects the whole command
 * (docs/windows-facts.md §4), so the flag is never passed.
 */
export function exportArgs(distro: string, tarPath: string): string[] {
  return ["--export", distro, tarPath];
}

/** Arguments of `wsl --import D dir file --version 2`. */
export function importArgs(distro: string, installDir: string, tarPath: string): string[] {
  return ["--import", distro, installDir, tarPath, "--version", "2"];
}

/** Exports a stopped distro to a plain tar. */
export async function exportDistro(host: Host, distro: string, tarPath: string, opts: WslCallOptions = {}): Promise<void> {
  await runWslOk(host, exportArgs(distro, tarPath), `exporting ${distro}`, opts);
}

/** Imports a tar as a new WSL2 distro whose disk is `installDir\ext4.vhdx` (DefaultUid 0). */
export async function importDistro(host: Host, distro: string, installDir: string, tarPath: string, opts: WslCallOptions = {}): Promise<void> {
  await runWslOk(host, importArgs(distro, installDir, tarPath), `importing ${distro}`, opts);
}
