/**
 * `wsl --manage <Distro> --compact`, as microsoft/WSL PR #40481 adds it: the service stops the
 * distro (as for an export, the PR's review), runs `e2fsck -f -y -E discard` on the disk offline,
 * then CompactVirtualDisk. Only WSL 2 distros; a disk another program holds is refused as "in use".
 * The discard is emulated as the guest's trims are (simulated/tools/wsl_exec.ts, fstrim): zeros
 * over the free ranges e2fsprogs recorded for the fixture; CompactVirtualDisk as the virtual disk
 * service compacts a file system it cannot read: all-zero blocks go (simulated/vhdx_files.ts).
 * Which release ships it is not known (docs/windows-facts.md §10): the emulator assumes
 * {@link COMPACT_EMULATED_FROM}; before it wsl.exe rejects `--compact` as an invalid argument.
 * @module
 */
import type { ToolContext } from "./tool.ts";
import { fail, ok, versionAtLeast } from "./wsl_reply.ts";
import type { WslReply } from "./wsl_reply.ts";
import { OPERATION_OK, WSL_ERROR_CODES, WSL_MESSAGES } from "./wsl_messages.ts";
import { diskPathOf, LXSS_FLAG_VM_MODE } from "../distros.ts";
import type { DistroRecord } from "../distros.ts";
import { winPathKey } from "../win_path.ts";
import { zeroVirtualRanges } from "../vhdx_blocks.ts";
import { reclaimBlocks } from "../vhdx_files.ts";

/** The WSL release the emulator gives `--manage --compact` (an assumption: the real first release is not known). */
export const COMPACT_EMULATED_FROM = "2.7.0";

/** Whether the emulated wsl.exe of `version` knows `--compact`. */
export function knowsCompact(version: string): boolean {
  return version !== "inbox" && versionAtLeast(version, COMPACT_EMULATED_FROM);
}

/** Compacts `d`'s disk. */
export async function compactDistro(d: DistroRecord, ctx: ToolContext): Promise<WslReply> {
  const state = await ctx.machine.read();
  if (!knowsCompact(state.wslVersion)) return fail(WSL_MESSAGES.MessageInvalidCommandLine.replace("{}", "--compact"), WSL_ERROR_CODES.invalidCommandLine);
  if (!(d.flags & LXSS_FLAG_VM_MODE)) return fail(WSL_MESSAGES.MessageWsl2Needed, WSL_ERROR_CODES.wsl2Needed);
  // The service stops the distro first, as for --export (PR #40481 review).
  await ctx.machine.update((s) => void (s.running = s.running.filter((n) => n.toLowerCase() !== d.name.toLowerCase())));
  const disk = diskPathOf(d);
  if (await ctx.machine.fs.isLocked(disk)) return fail(WSL_MESSAGES.MessageVhdInUse, WSL_ERROR_CODES.notStopped);
  const key = winPathKey(disk);
  const ranges = (await ctx.machine.read()).freeRanges?.[key] ?? [];
  const file = await ctx.machine.openAsDiskService(disk);
  try {
    await zeroVirtualRanges(file, ranges);
    await reclaimBlocks(file);
  } finally {
    await file.close();
  }
  return ok(OPERATION_OK);
}
