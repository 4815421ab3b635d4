/**
 * `wsl --manage <Distro> --set-sparse true|false [--allow-unsafe]`. Since tag 2.5.8 enabling needs
 * `--allow-unsafe` (exit -1, `Wsl/Service/E_INVALIDARG`); it fails for WSL1, a running distro or a
 * locked file; disabling needs no flag (docs/research.md §4).
 * @module
 */
import type { ToolContext } from "./tool.ts";
import { argValue, hasFlag } from "./tool.ts";
import { fail, ok, versionAtLeast } from "./wsl_reply.ts";
import type { WslReply } from "./wsl_reply.ts";
import { OPERATION_OK, WSL_ERROR_CODES, WSL_MESSAGES } from "./wsl_messages.ts";
import { diskPathOf, findDistro, LXSS_FLAG_VM_MODE } from "../distros.ts";
import { compactDistro } from "./wsl_compact.ts";
import { moveDistro } from "./wsl_move.ts";

/** First WSL release with the `--allow-unsafe` gate. */
const SPARSE_GATE_VERSION = "2.5.8";

/** Changes distro options (--set-sparse, and --compact: simulated/tools/wsl_compact.ts). */
export async function manageDistro(args: string[], ctx: ToolContext): Promise<WslReply> {
  const d = args[0] ? await findDistro(ctx.machine.registry, args[0]) : undefined;
  if (!d) return fail(WSL_MESSAGES.MessageDistroNotFound, WSL_ERROR_CODES.distroNotFound);
  if (hasFlag(args, "--compact")) return compactDistro(d, ctx);
  if (hasFlag(args, "--move")) return moveDistro(d, argValue(args, "--move"), ctx);
  const value = argValue(args, "--set-sparse", "-s")?.toLowerCase();
  if (value !== "true" && value !== "false") {
    return fail(WSL_MESSAGES.MessageInvalidCommandLine.replace("{}", args[1] ?? "--manage"), WSL_ERROR_CODES.invalidCommandLine);
  }
  const sparse = value === "true";
  const state = await ctx.machine.read();
  // Before the gate wsl.exe has no `--allow-unsafe` and rejects it as an unknown argument (docs/windows-facts.md §10).
  if (hasFlag(args, "--allow-unsafe") && !versionAtLeast(state.wslVersion, SPARSE_GATE_VERSION)) {
    return fail(WSL_MESSAGES.MessageInvalidCommandLine.replace("{}", "--allow-unsafe"), WSL_ERROR_CODES.invalidCommandLine);
  }
  if (sparse && !hasFlag(args, "--allow-unsafe") && versionAtLeast(state.wslVersion, SPARSE_GATE_VERSION)) {
    return fail(WSL_MESSAGES.MessageSparseVhdDisabled, WSL_ERROR_CODES.invalidArg);
  }
  if (!(d.flags & LXSS_FLAG_VM_MODE)) return fail(WSL_MESSAGES.MessageWsl2Needed, WSL_ERROR_CODES.wsl2Needed);
  const disk = diskPathOf(d);
  if (await ctx.machine.fs.isLocked(disk)) return fail(WSL_MESSAGES.MessageVhdInUse, WSL_ERROR_CODES.notStopped);
  await ctx.machine.fs.setSparse(disk, sparse);
  return ok(OPERATION_OK);
}
