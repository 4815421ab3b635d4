/**
 * The safe half of export-import: check space, export the stopped distro to a tar, verify it.
 * Nothing here changes the distro; on failure the partial tar is deleted.
 * @module
 */
import { formatBytes, InterruptedError, RefusedError } from "../../mod.ts";
import type { Job } from "./job.ts";
import { SPACE_MARGIN, VHDX_OVERHEAD } from "./job.ts";
import { ExportImportError } from "./errors.ts";
import { ExportRejectedError, verifyExport } from "./verify_export.ts";

/** Refuses unless the tar's volume (and, when `alsoDisk`, the disk's volume) has room. */
export async function checkSpace(job: Job, fileSize: number, alsoDisk: boolean): Promise<void> {
  const { host } = job.ctx;
  const p = host.path;
  const need = Math.ceil((job.usedBytes ?? fileSize) * SPACE_MARGIN);
  const tarDir = p.dirname(job.tarPath);
  const free = await host.fs.freeSpace(tarDir);
  if (free < need) {
    throw new RefusedError(`not enough space for the export: ${formatBytes(need)} needed in ${tarDir}, ${formatBytes(free)} free; choose another volume with --export-path; nothing was changed`);
  }
  if (!alsoDisk) return;
  const diskDir = p.dirname(job.target.path);
  const needDisk = Math.ceil(((job.usedBytes ?? fileSize) + VHDX_OVERHEAD) * SPACE_MARGIN);
  // The tar and the new disk share the volume when --export-path is on it: both must fit.
  const same = p.parse(p.resolve(tarDir)).root.toLowerCase() === p.parse(p.resolve(diskDir)).root.toLowerCase();
  const freeDisk = same ? free - need : await host.fs.freeSpace(diskDir);
  if (freeDisk < needDisk) {
    throw new RefusedError(`not enough space beside ${job.target.path} for the new disk: ${formatBytes(needDisk)} needed${same ? " after the export" : ""}, ${formatBytes(Math.max(0, freeDisk))} free; free some space or use --export-path on another volume; nothing was changed`);
  }
}

/** Exports the stopped distro to the job's tar; on failure removes the partial tar and says the distro is unchanged. */
export async function exportTar(job: Job): Promise<void> {
  const { host, signal } = job.ctx;
  const unchanged = `${job.distro} is unchanged`;
  const command = job.ctx.wsl.export(job.distro, job.tarPath);
  job.progress.phase(`exporting ${job.distro} to ${job.tarPath}`, job.usedBytes ?? undefined);
  try {
    await host.fs.mkdir(host.path.dirname(job.tarPath));
    await command.run({ signal });
  } catch (e) {
    await host.fs.remove(job.tarPath).catch(() => undefined);
    if (signal.aborted) throw new InterruptedError(`interrupted during the export: ${unchanged} and the partial export was deleted`);
    throw new ExportImportError(`export failed, ${unchanged} (the partial tar was deleted): ${(e as Error).message}. Check free space in ${host.path.dirname(job.tarPath)} or try: ${command.line}`, true);
  }
}

/** Checks the exported tar; on failure deletes it and says the distro is unchanged. */
export async function verifyTar(job: Job): Promise<void> {
  const { host, signal } = job.ctx;
  const unchanged = `${job.distro} is unchanged`;
  job.progress.phase("checking the export");
  try {
    const listing = await verifyExport(host, job.tarPath, job.usedBytes, job.fsBytes, signal);
    job.ctx.log.debug(`export: ${listing.members} members, ${listing.dataBytes} data bytes`);
  } catch (e) {
    await host.fs.remove(job.tarPath).catch(() => undefined);
    if (signal.aborted) throw new InterruptedError(`interrupted while checking the export: ${unchanged} and the export was deleted`);
    if (e instanceof ExportRejectedError) throw new ExportImportError(`the export did not pass verification, so ${unchanged} (the tar was deleted): ${e.message}`, true);
    throw e;
  }
}
