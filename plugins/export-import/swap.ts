/**
 * The default export-import path (as wslcompact does it): import the verified tar into a temporary
 * distro, then swap the new disk file under the original registration, so the name, DefaultUid and
 * settings stay. The old disk is renamed aside (same folder, so a rename), the distro is started once
 * on the new disk, and only then the old disk is handed to the temporary distro, whose unregistration
 * deletes it. Any failure before that puts the old disk back.
 * @module
 */
import { InterruptedError } from "../../mod.ts";
import type { Job } from "./job.ts";
import { ExportImportError } from "./errors.ts";
import { removeTempDistro } from "./temp_distro.ts";

/** Suffix of the original disk while the new one is being checked. */
export const OLD_DISK_SUFFIX = ".vhdx-shrink-old";
/** The command that proves the distro starts on the new disk, and the user it runs as. */
export const BOOT_CHECK = { command: ["true"], user: "root" };

/** Result of the swap. */
export interface SwapResult {
  notes: string[];
}

/** Imports, swaps and cleans up. Throws {@link ExportImportError} / InterruptedError stating the distro's state. */
export async function swapDisk(job: Job): Promise<SwapResult> {
  const { host, signal, wsl, disks } = job.ctx;
  const p = host.path;
  const disk = job.target.path;
  const newDisk = p.join(job.tempDir, "ext4.vhdx");
  const oldDisk = disk + OLD_DISK_SUFFIX;
  const notes: string[] = [];
  // Whether the temp distro may be unregistered: not while its folder holds the only good copy.
  let tempRemovable = true;
  try {
    job.progress.phase(`importing into the temporary distro ${job.tempName}`);
    try {
      await wsl.import(job.tempName, job.tempDir, job.tarPath).run({ signal });
      // The new disk must be a valid VHDX before it replaces anything.
      await disks.verify(newDisk);
    } catch (e) {
      if (signal.aborted) throw new InterruptedError(`interrupted during the import: ${job.distro} is unchanged; the temporary distro is removed`);
      throw new ExportImportError(`importing the export into a temporary distro failed, so ${job.distro} is unchanged: ${(e as Error).message}`, true);
    }
    if (signal.aborted) throw new InterruptedError(`interrupted before the swap: ${job.distro} is unchanged; the temporary distro is removed`);
    const oldSize = (await host.fs.stat(disk))?.size ?? 0;
    const newSize = (await host.fs.stat(newDisk))?.size ?? 0;
    if (newSize >= oldSize) {
      throw new ExportImportError(`the re-imported disk (${newSize} bytes) is not smaller than the original (${oldSize} bytes), so nothing was swapped and ${job.distro} is unchanged: there is nothing to reclaim`, true);
    }
    job.progress.phase("swapping the new disk in");
    await wsl.shutdown().run();
    await job.record?.("swapping");
    await host.fs.rename(disk, oldDisk);
    tempRemovable = false;
    try {
      await host.fs.rename(newDisk, disk);
    } catch (e) {
      await host.fs.rename(oldDisk, disk);
      tempRemovable = true;
      throw new ExportImportError(`moving the new disk into place failed, so ${job.distro} is unchanged: ${(e as Error).message}`, true);
    }
    // From here to the hand-over the swap must finish or roll back: no Ctrl-C stop point.
    const boot = await wsl.run(job.distro, BOOT_CHECK.command, BOOT_CHECK.user).run();
    await wsl.shutdown().run();
    if (boot.code !== 0) {
      await host.fs.rename(disk, newDisk);
      await host.fs.rename(oldDisk, disk);
      tempRemovable = true;
      throw new ExportImportError(`${job.distro} did not start on the new disk (exit ${boot.code}), so its original disk was put back and it is unchanged`, true);
    }
    await job.record?.("swapped");
    try {
      await host.fs.rename(oldDisk, newDisk);
    } catch (e) {
      notes.push(`the original disk was kept at ${oldDisk} (${(e as Error).message}): delete it once ${job.distro} works`);
    }
    tempRemovable = true;
  } catch (e) {
    if (!tempRemovable) {
      throw new ExportImportError(`the swap stopped half-way (${(e as Error).message}). Your data is safe in two places: the original disk ${oldDisk} and the export ${job.tarPath}. Run wsl --shutdown, then move ${oldDisk} back to ${disk} (replacing any file there) to restore ${job.distro}; the temporary distro ${job.tempName} can then be removed with wsl --unregister ${job.tempName}`, false);
    }
    throw e;
  } finally {
    if (tempRemovable) notes.push(...await removeTempDistro(job));
  }
  return { notes };
}
