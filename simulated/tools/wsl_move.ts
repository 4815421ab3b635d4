/**
 * `wsl --manage <Distro> --move <Location>`, as microsoft/WSL's service does it
 * (`src/windows/service/exe/LxssUserSession.cpp`, `LxssUserSessionImpl::MoveDistribution`;
 * docs/windows-behaviour.md): refused while the distro runs (WSL_E_DISTRO_NOT_STOPPED, printed as
 * MessageVhdInUse) and for WSL 1 (E_NOTIMPL); a location another distro uses is refused; the folder
 * is created, the disk is moved with MoveFileEx(COPY_ALLOWED | WRITE_THROUGH) — no REPLACE_EXISTING,
 * so an existing file there is refused — keeping its file name; then BasePath and VhdFileName are
 * rewritten. On a failure after the move the disk is moved back. Error codes carry the `MoveDistro`
 * context (microsoft/WSL#40716 shows `Wsl/Service/MoveDistro/E_ACCESSDENIED`).
 * @module
 */
import { win32 } from "node:path";
import type { ToolContext } from "./tool.ts";
import { checkpoint } from "./tool.ts";
import { fail, ok } from "./wsl_reply.ts";
import type { WslReply } from "./wsl_reply.ts";
import { OPERATION_OK, WSL_MESSAGES } from "./wsl_messages.ts";
import { diskPathOf, LXSS_FLAG_VM_MODE, readDistros } from "../distros.ts";
import type { DistroRecord } from "../distros.ts";
import { LXSS_KEY } from "../state.ts";
import { driveOf, stripLongPathPrefix, winPathKey } from "../win_path.ts";

/** Error codes of the MoveDistro context (the HRESULT names as WslClient prints them; the exact suffixes are inferred). */
export const MOVE_ERROR_CODES = {
  notStopped: "Wsl/Service/MoveDistro/WSL_E_DISTRO_NOT_STOPPED",
  notImplemented: "Wsl/Service/MoveDistro/E_NOTIMPL",
  pathInUse: "Wsl/Service/MoveDistro/ERROR_FILE_EXISTS",
  alreadyExists: "Wsl/Service/MoveDistro/ERROR_ALREADY_EXISTS",
  sharingViolation: "Wsl/Service/MoveDistro/ERROR_SHARING_VIOLATION",
  diskFull: "Wsl/Service/MoveDistro/ERROR_DISK_FULL",
  invalidArg: "Wsl/Service/MoveDistro/E_INVALIDARG",
} as const;

/** Moves `d`'s disk to `location` and points its registration there. */
export async function moveDistro(d: DistroRecord, location: string | undefined, ctx: ToolContext): Promise<WslReply> {
  if (!location) return fail("Command line argument --move requires a value.\nPlease use 'wsl.exe --help' to get a list of supported arguments.", "Wsl/E_INVALIDARG");
  const state = await ctx.machine.read();
  if (state.running.some((n) => n.toLowerCase() === d.name.toLowerCase())) return fail(WSL_MESSAGES.MessageVhdInUse, MOVE_ERROR_CODES.notStopped);
  const cwd = ctx.env.USERPROFILE ?? "C:\\";
  const dir = win32.resolve(cwd, location);
  // _ValidateDistributionNameAndPathNotInUse: no other registration may use the folder.
  for (const other of await readDistros(ctx.machine.registry)) {
    if (winPathKey(stripLongPathPrefix(other.basePath)) === winPathKey(dir)) {
      return fail(WSL_MESSAGES.MessageDistroInstallPathAlreadyExists, MOVE_ERROR_CODES.pathInUse);
    }
  }
  if (!(d.flags & LXSS_FLAG_VM_MODE)) return fail("Not implemented.", MOVE_ERROR_CODES.notImplemented);
  const fs = ctx.machine.fs;
  const from = diskPathOf(d);
  const to = win32.join(dir, d.vhdFileName);
  await fs.mkdir(dir);
  if (await fs.exists(to)) return fail("Cannot create a file when that file already exists.", MOVE_ERROR_CODES.alreadyExists);
  if (await fs.isLocked(from)) return fail("The process cannot access the file because it is being used by another process.", MOVE_ERROR_CODES.sharingViolation);
  await checkpoint(ctx);
  try {
    await moveFile(ctx, from, to);
  } catch (e) {
    if ((e as { code?: string }).code === "ENOSPC") return fail("There is not enough space on the disk.", MOVE_ERROR_CODES.diskFull);
    throw e;
  }
  const key = `${LXSS_KEY}\\${d.guid}`;
  try {
    if (state.faults.moveRegistryFails) throw Object.assign(new Error("Access is denied."), { code: "EACCES" });
    await ctx.machine.registry.setValue(key, "BasePath", dir);
    await ctx.machine.registry.setValue(key, "VhdFileName", d.vhdFileName);
  } catch (e) {
    // The service's scope-exit: the disk goes back and BasePath is written back.
    await moveFile(ctx, to, from);
    await ctx.machine.registry.setValue(key, "BasePath", d.basePath);
    if ((e as { code?: string }).code === "EACCES") return fail("Access is denied.", "Wsl/Service/MoveDistro/E_ACCESSDENIED");
    throw e;
  }
  return ok(OPERATION_OK);
}

/**
 * MoveFileEx with MOVEFILE_COPY_ALLOWED: a rename on one volume; across volumes a copy (which needs
 * the space there) and then the source is deleted.
 */
async function moveFile(ctx: ToolContext, from: string, to: string): Promise<void> {
  const fs = ctx.machine.fs;
  if (driveOf(from) === driveOf(to)) {
    await fs.rename(from, to);
  } else {
    try {
      await fs.copyFile(from, to);
    } catch (e) {
      await fs.remove(to).catch(() => undefined);
      throw e;
    }
    await fs.remove(from);
    await ctx.machine.update((s) => {
      const f = winPathKey(from), t = winPathKey(to);
      if (f in s.usedBytes) (s.usedBytes[t] = s.usedBytes[f], delete s.usedBytes[f]);
    });
  }
  await ctx.machine.update((s) => {
    const f = winPathKey(from), t = winPathKey(to);
    if (s.freeRanges && f in s.freeRanges) (s.freeRanges[t] = s.freeRanges[f], delete s.freeRanges[f]);
  });
}
