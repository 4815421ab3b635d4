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

/** Arguments to enable or disable sparse mode. */
export function setSparseArgs(distro: string, sparse: boolean, allowUnsafe: boolean): string[] {
  return ["--manage", distro, "--set-sparse", String(sparse), ...(allowUnsafe ? ["--allow-unsafe"] : [])];
}

/** Outcome: done, or refused by WSL's unsafe gate. */
export type SetSparseOutcome = "done" | "unsafe-gate";

/** Sets the distro's disk sparse or not; reports the unsafe gate instead of throwing for it. */
export async function setSparse(host: Host, distro: string, sparse: boolean, allowUnsafe: boolean, opts: WslCallOptions = {}): Promise<SetSparseOutcome> {
  const args = setSparseArgs(distro, sparse, allowUnsafe);
  const r = await runWsl(host, args, opts);
  if (r.code === 0) return "done";
  if (sparse && !allowUnsafe && r.wslCode === WSL_CODES.invalidArg) return "unsafe-gate";
  throw wslFailure(r, `setting ${distro} sparse`, args);
}
