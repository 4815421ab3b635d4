/**
 * `wsl --unregister <Distro>`: terminates the distro, deletes its disk and registry key
 * (Resources.resw MessageStatusUnregistering; docs/research.md §3).
 * @module
 */
import { win32 } from "node:path";
import type { ToolContext } from "./tool.ts";
import { fail, ok } from "./wsl_reply.ts";
import type { WslReply } from "./wsl_reply.ts";
import { OPERATION_OK, WSL_ERROR_CODES, WSL_MESSAGES } from "./wsl_messages.ts";
import { diskPathOf, findDistro } from "../distros.ts";
import { LXSS_KEY } from "../state.ts";
import { winPathKey } from "../win_path.ts";

/** Unregisters a distro. */
export async function unregisterDistro(args: string[], ctx: ToolContext): Promise<WslReply> {
  const d = args[0] ? await findDistro(ctx.machine.registry, args[0]) : undefined;
  if (!d) return fail(WSL_MESSAGES.MessageDistroNotFound, WSL_ERROR_CODES.distroNotFound);
  const state = await ctx.machine.read();
  if (state.faults.unregisterFails) return fail("Access is denied.", WSL_ERROR_CODES.accessDenied, [WSL_MESSAGES.MessageStatusUnregistering]);
  await ctx.machine.update((s) => {
    s.running = s.running.filter((n) => n.toLowerCase() !== d.name.toLowerCase());
    delete s.usedBytes[winPathKey(diskPathOf(d))];
    delete s.trimmed[winPathKey(diskPathOf(d))];
  });
  const disk = diskPathOf(d);
  await ctx.machine.fs.remove(disk);
  const dir = win32.dirname(disk);
  if ((await ctx.machine.fs.listDir(dir)).length === 0) await ctx.machine.fs.remove(dir);
  await ctx.machine.registry.deleteKey(`${LXSS_KEY}\\${d.guid}`);
  const lxss = await ctx.machine.registry.values(LXSS_KEY);
  if (String(lxss?.DefaultDistribution ?? "").toLowerCase() === d.guid.toLowerCase()) {
    await ctx.machine.registry.deleteValue(LXSS_KEY, "DefaultDistribution");
  }
  return ok(WSL_MESSAGES.MessageStatusUnregistering, OPERATION_OK);
}
