/**
 * WSL's own compaction, `wsl --manage <distro> --compact` (microsoft/WSL PR #40481): the WSL service
 * stops the distro, runs an offline `e2fsck -f -y -E discard` on its disk, then CompactVirtualDisk —
 * no admin rights, no Hyper-V, registered distros only (docs/windows-facts.md §10, "WSL's own
 * compaction"). Which release first ships it is not known, so its presence is read from the usage
 * text wsl.exe prints, where the PR adds `--compact` under `--manage`; an older wsl.exe rejects the
 * option as an invalid command line argument, as for `--allow-unsafe` (core/wsl/sparse.ts).
 * @module
 */
import type { Host } from "../host/host.ts";
import { runWsl, runWslOk } from "./run_wsl.ts";
import type { WslCallOptions } from "./run_wsl.ts";

/** The option `--manage` gains (Resources.resw in PR #40481: "--compact  Compact the VHDX file of a … WSL 2 distribution."). */
export const COMPACT_OPTION = "--compact";

/** Arguments of the compaction of `distro`. */
export function compactArgs(distro: string): string[] {
  return ["--manage", distro, COMPACT_OPTION];
}

/** Whether a wsl.exe usage text lists `--compact` (as an option of its own, not inside another word). */
export function usageListsCompact(usage: string): boolean {
  return /(^|\s)--compact(\s|$)/m.test(usage);
}

/**
 * Whether the installed wsl.exe has `--manage --compact`: `wsl --help` prints the usage (UTF-16, or
 * UTF-8 with WSL_UTF8=1; the exit code varies by release, so only the text is read).
 */
export async function wslHasCompact(host: Host, opts: WslCallOptions = {}): Promise<boolean> {
  const r = await runWsl(host, ["--help"], opts).catch(() => null);
  return r !== null && usageListsCompact(`${r.stdout}\n${r.stderr}`);
}

/** Runs `wsl --manage <distro> --compact`; throws `WslCommandError` with WSL's reason when it fails. */
export async function compactDistro(host: Host, distro: string, opts: WslCallOptions = {}): Promise<void> {
  await runWslOk(host, compactArgs(distro), `compacting ${distro} with WSL`, opts);
}
