/**
 * `wsl --manage D --set-sparse true`. Since WSL 2.5.8 enabling it is gated behind `--allow-unsafe`
 * because sparse disks have corrupted distros (WSL#12103, #10703, #10991, #13075); the gate answers
 * exit -1 with `Wsl/Service/E_INVALIDARG` (docs/research.md §4).
 * @module
 */
import type { Host } from "../host/host.ts";
import { runWsl, wslFailure } from "./run_wsl.ts";
import type { WslCallOptions } from "./run_wsl.ts";
import { WSL_CODES } from "./wsl_error.ts";
import { compareVersions, wslVersion } from "./version.ts";

/** Arguments to enable or disable sparse mode. */
export function setSparseArgs(distro: string, sparse: boolean, allowUnsafe: boolean): string[] {
  return ["--manage", distro, "--set-sparse", String(sparse), ...(allowUnsafe ? ["--allow-unsafe"] : [])];
}

/** Outcome: done, or refused by WSL's unsafe gate. */
export type SetSparseOutcome = "done" | "unsafe-gate";

/** The first WSL release with the gate, and so with `--allow-unsafe` (docs/windows-facts.md §10: PR #13512). */
export const ALLOW_UNSAFE_VERSION = "2.5.8";

/** Whether this WSL version knows `--allow-unsafe`; an older wsl.exe rejects the unknown argument. */
export function knowsAllowUnsafe(version: string | null | undefined): boolean {
  return !!version && compareVersions(version, ALLOW_UNSAFE_VERSION) >= 0;
}

/**
 * Sets the distro's disk sparse or not; reports the unsafe gate instead of throwing for it.
 * `allowUnsafe` reaches wsl.exe only where WSL knows the flag (2.5.8 and later): before the gate
 * enabling needs no permission.
 */
export async function setSparse(host: Host, distro: string, sparse: boolean, allowUnsafe: boolean, opts: WslCallOptions = {}): Promise<SetSparseOutcome> {
  const flag = sparse && allowUnsafe && knowsAllowUnsafe((await wslVersion(host))?.wsl);
  const args = setSparseArgs(distro, sparse, flag);
  const r = await runWsl(host, args, opts);
  if (r.code === 0) return "done";
  if (sparse && !flag && r.wslCode === WSL_CODES.invalidArg) return "unsafe-gate";
  throw wslFailure(r, `setting ${distro} sparse`, args);
}
