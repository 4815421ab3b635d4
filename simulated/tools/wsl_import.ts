/**
 * `wsl --import <Distro> <InstallLocation> <File> [--version 2] [--vhd]`: creates
 * `<InstallLocation>\ext4.vhdx` as a new compact VHDX holding the tar (or copies the VHD, keeping its
 * file name) and registers it with DefaultUid 0 (root), like the real one (docs/research.md §3, §4).
 * @module
 */
import { win32 } from "node:path";
import type { ToolContext } from "./tool.ts";
import { argValue, checkpoint, hasFlag } from "./tool.ts";
import { fail, ok } from "./wsl_reply.ts";
import type { WslReply } from "./wsl_reply.ts";
import { OPERATION_OK, WSL_ERROR_CODES, WSL_MESSAGES } from "./wsl_messages.ts";
import { DEFAULT_VHD_FILE_NAME, findDistro, LXSS_FLAG_VM_MODE, LXSS_FLAGS_WSL2, LXSS_STATE_INSTALLED, writeDistro } from "../distros.ts";
import { LXSS_KEY } from "../state.ts";
import { winPathKey } from "../win_path.ts";
import { presentBytes, writeNewVhdx } from "../vhdx_files.ts";

/** Distro names WSL accepts (docs/research.md §3). */
const DISTRO_NAME = /^[a-zA-Z0-9._-]{1,256}$/;
/** Maximum size of a new WSL disk: 1 TiB (WSL 2.x default). */
const NEW_DISK_VIRTUAL_SIZE = 1024 ** 4;

/** Imports a distro. */
export async function importDistro(args: string[], ctx: ToolContext): Promise<WslReply> {
  const [name, location, file] = args;
  if (!name || !location || !file) return fail(`Command line argument --import requires a value.`, WSL_ERROR_CODES.invalidCommandLine);
  if (!DISTRO_NAME.test(name)) return fail(`Invalid distribution name: "${name}".`, WSL_ERROR_CODES.invalidArg);
  if (await findDistro(ctx.machine.registry, name)) return fail(WSL_MESSAGES.MessageDistroNameAlreadyExists, WSL_ERROR_CODES.alreadyExists);
  // Elevated import works (microsoft/WSL#6744); wslcompact#38 reports ERROR_INVALID_OWNER, kept as a fault (docs/windows-facts.md §10).
  if (ctx.elevated && (await ctx.machine.read()).faults.elevatedImportFails) return fail("This security ID may not be assigned as the owner of this object.", WSL_ERROR_CODES.elevatedImport);
  const fs = ctx.machine.fs;
  const cwd = ctx.env.USERPROFILE ?? "C:\\";
  const source = win32.resolve(cwd, file);
  const dir = win32.resolve(cwd, location);
  if (!(await fs.exists(source))) return fail("The system cannot find the file specified.", WSL_ERROR_CODES.fileNotFound);
  const asVhd = hasFlag(args, "--vhd");
  if (asVhd && !/\.vhdx?$/i.test(source)) return fail(WSL_MESSAGES.MessageRequiresFileExtensions, WSL_ERROR_CODES.invalidArg);
  const vhdFileName = asVhd ? win32.basename(source) : DEFAULT_VHD_FILE_NAME;
  const disk = win32.join(dir, vhdFileName);
  if (await fs.exists(disk)) return fail(WSL_MESSAGES.MessageDistroInstallPathAlreadyExists, WSL_ERROR_CODES.installPathInUse);
  await fs.mkdir(dir);
  const state = await ctx.machine.read();
  if (state.faults.importFails) return fail(WSL_MESSAGES.MessageImportFailed, WSL_ERROR_CODES.importFailed, [WSL_MESSAGES.MessageImportProgress]);
  let used: number;
  try {
    used = asVhd ? await copyVhd(ctx, source, disk) : await tarToVhdx(ctx, source, disk);
  } catch (e) {
    await fs.remove(disk).catch(() => undefined);
    if ((e as { code?: string }).code === "ENOSPC") {
      return fail("There is not enough space on the disk.", WSL_ERROR_CODES.diskFull, [WSL_MESSAGES.MessageImportProgress]);
    }
    throw e;
  }
  const version = Number(argValue(args, "--version") ?? 2);
  const guid = `{${crypto.randomUUID()}}`;
  await writeDistro(ctx.machine.registry, {
    guid, name, basePath: dir, vhdFileName, version: 2,
    flags: version === 1 ? LXSS_FLAGS_WSL2 & ~LXSS_FLAG_VM_MODE : LXSS_FLAGS_WSL2,
    defaultUid: 0, state: LXSS_STATE_INSTALLED,
  });
  const lxss = await ctx.machine.registry.values(LXSS_KEY);
  if (!lxss?.DefaultDistribution) await ctx.machine.registry.setValue(LXSS_KEY, "DefaultDistribution", guid);
  await ctx.machine.update((s) => void (s.usedBytes[winPathKey(disk)] = used));
  return ok(WSL_MESSAGES.MessageImportProgress, OPERATION_OK);
}

/** Builds the new disk from the tar; returns the filesystem bytes it holds. */
async function tarToVhdx(ctx: ToolContext, tar: string, disk: string): Promise<number> {
  const src = await ctx.machine.fs.open(tar, "read");
  const out = await ctx.machine.fs.open(disk, "create");
  try {
    const length = await src.size();
    await writeNewVhdx(out, { virtualSize: NEW_DISK_VIRTUAL_SIZE, content: { file: src, length }, beforeBlock: () => checkpoint(ctx) });
    return length;
  } finally {
    await out.close();
    await src.close();
  }
}

/** `--vhd`: a copy of the file at the install location. */
async function copyVhd(ctx: ToolContext, source: string, disk: string): Promise<number> {
  await checkpoint(ctx);
  await ctx.machine.fs.copyFile(source, disk);
  const known = (await ctx.machine.read()).usedBytes[winPathKey(source)];
  if (known !== undefined) return known;
  const f = await ctx.machine.fs.open(disk, "read");
  try {
    return await presentBytes(f);
  } finally {
    await f.close();
  }
}
