/**
 * `wsl --export <Distro> <File> [--format tar|vhd]`: writes a real tar of the distro's contents
 * (size ≈ the filesystem's used bytes), or a byte copy of the VHDX for `--format vhd` (docs/research.md §4).
 * A failure leaves the partial file behind, as wsl.exe does.
 * @module
 */
import { win32 } from "node:path";
import type { ToolContext } from "./tool.ts";
import { argValue, checkpoint } from "./tool.ts";
import { fail, ok } from "./wsl_reply.ts";
import type { WslReply } from "./wsl_reply.ts";
import { OPERATION_OK, WSL_ERROR_CODES, WSL_MESSAGES } from "./wsl_messages.ts";
import { diskPathOf, findDistro } from "../distros.ts";
import { winPathKey } from "../win_path.ts";
import { distroContents } from "../distro_contents.ts";
import { TAR_END, tarHeader, tarPadding } from "../tar.ts";
import type { BlockFile } from "../../core/io/block_file.ts";

const COPY_CHUNK = 1024 * 1024;

/** Exports a distro. */
export async function exportDistro(args: string[], ctx: ToolContext): Promise<WslReply> {
  const [name, file] = args;
  const format = (argValue(args, "--format") ?? (file?.toLowerCase().endsWith(".vhdx") ? "vhd" : "tar")).toLowerCase();
  const d = name ? await findDistro(ctx.machine.registry, name) : undefined;
  if (!d) return fail(WSL_MESSAGES.MessageDistroNotFound, WSL_ERROR_CODES.distroNotFound);
  if (!file || file === "-") {
    // Piping the tar through stdout is not emulated: Host.exec returns text, not bytes.
    return fail("Exporting to standard output is not supported by the simulated wsl.exe.", WSL_ERROR_CODES.invalidArg);
  }
  const target = win32.resolve(ctx.env.USERPROFILE ?? "C:\\", file);
  const state = await ctx.machine.read();
  const disk = diskPathOf(d);
  const failAt = state.faults.exportFailsAt;
  let out: BlockFile | undefined;
  try {
    // CREATE_ALWAYS: an existing file is replaced.
    if (await ctx.machine.fs.exists(target)) await ctx.machine.fs.remove(target);
    out = await ctx.machine.fs.open(target, "create");
    const writer = new SequentialWriter(out, ctx);
    if (format === "vhd") await copyDisk(disk, writer, ctx, failAt);
    else await writeTar(writer, distroContents(d.name, state.usedBytes[winPathKey(disk)] ?? 0, d.defaultUid), failAt);
    await out.sync();
  } catch (e) {
    if (e instanceof ExportFault) return fail(WSL_MESSAGES.MessageExportFailed, WSL_ERROR_CODES.exportFailed, [WSL_MESSAGES.MessageExportProgress]);
    const code = (e as { code?: string }).code;
    if (code === "ENOENT") return fail("The system cannot find the path specified.", "Wsl/ERROR_PATH_NOT_FOUND");
    if (code === "ENOSPC") return fail("There is not enough space on the disk.", WSL_ERROR_CODES.diskFull, [WSL_MESSAGES.MessageExportProgress]);
    throw e;
  } finally {
    await out?.close();
  }
  return ok(WSL_MESSAGES.MessageExportProgress, OPERATION_OK);
}

/** Raised by the `exportFailsAt` fault. */
class ExportFault extends Error {}

/** Appends bytes, pausing at each chunk for the delay fault and Ctrl-C. */
class SequentialWriter {
  position = 0;
  readonly #file: BlockFile;
  readonly #ctx: ToolContext;
  constructor(file: BlockFile, ctx: ToolContext) {
    this.#file = file;
    this.#ctx = ctx;
  }
  async write(bytes: Uint8Array): Promise<void> {
    await checkpoint(this.#ctx);
    await this.#file.write(this.position, bytes);
    this.position += bytes.length;
  }
}

async function writeTar(w: SequentialWriter, members: ReturnType<typeof distroContents>, failAt?: number): Promise<void> {
  const total = members.reduce((n, m) => n + m.entry.size, 0);
  let written = 0;
  for (const m of members) {
    await w.write(tarHeader(m.entry));
    for (const chunk of m.chunks()) {
      if (failAt !== undefined && written + chunk.length > total * failAt) throw new ExportFault();
      await w.write(chunk);
      written += chunk.length;
    }
    const pad = tarPadding(m.entry.size);
    if (pad) await w.write(new Uint8Array(pad));
  }
  await w.write(TAR_END);
}

async function copyDisk(disk: string, w: SequentialWriter, ctx: ToolContext, failAt?: number): Promise<void> {
  const src = await ctx.machine.fs.open(disk, "read");
  try {
    const size = await src.size();
    for (let at = 0; at < size; at += COPY_CHUNK) {
      if (failAt !== undefined && at + COPY_CHUNK > size * failAt) throw new ExportFault();
      await w.write(await src.read(at, Math.min(COPY_CHUNK, size - at)));
    }
  } finally {
    await src.close();
  }
}
