/**
 * The temporary distro the export is imported into. It is always removed, after failures too
 * (a leftover temp distro is wslcompact#34); when that fails the user gets the command.
 * @module
 */
import type { Job } from "./job.ts";

/** Unregisters the temp distro if it exists and removes its folder; returns notes for the report. */
export async function removeTempDistro(job: Job): Promise<string[]> {
  const { host, wsl } = job.ctx;
  const notes: string[] = [];
  try {
    if (await wsl.isRegistered(job.tempName)) await wsl.unregister(job.tempName).run();
  } catch (e) {
    notes.push(`the temporary distro ${job.tempName} could not be removed (${(e as Error).message}): run ${wsl.unregister(job.tempName).line}`);
    return notes;
  }
  try {
    if (await host.fs.exists(job.tempDir) && (await host.fs.listDir(job.tempDir)).length === 0) await host.fs.remove(job.tempDir);
  } catch {
    notes.push(`the empty folder ${job.tempDir} is left over: delete it`);
  }
  return notes;
}
