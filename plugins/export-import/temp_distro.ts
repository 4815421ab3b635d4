/**
 * The temporary distro the export is imported into. It is always removed, after failures too
 * (a leftover temp distro is wslcompact#34); when that fails the user gets the command.
 * @module
 */
import type { Job } from "./job.ts";
import { isRegistered } from "../../core/wsl/list.ts";
import { unregisterDistro } from "../../core/wsl/lifecycle.ts";
import { formatWslCommand } from "../../core/wsl/run_wsl.ts";

/** Unregisters the temp distro if it exists and removes its folder; returns notes for the report. */
export async function removeTempDistro(job: Job): Promise<string[]> {
  const { host } = job.ctx;
  const notes: string[] = [];
  try {
    if (await isRegistered(host, job.tempName)) await unregisterDistro(host, job.tempName);
  } catch (e) {
    notes.push(`the temporary distro ${job.tempName} could not be removed (${(e as Error).message}): run ${formatWslCommand(["--unregister", job.tempName])}`);
    return notes;
  }
  try {
    if (await host.fs.exists(job.tempDir) && (await host.fs.listDir(job.tempDir)).length === 0) await host.fs.remove(job.tempDir);
  } catch {
    notes.push(`the empty folder ${job.tempDir} is left over: delete it`);
  }
  return notes;
}
