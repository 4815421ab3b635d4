/**
 * `--reimport`: unregister the distro and import the verified tar under the same name and folder,
 * then restore DefaultUid (WSL registers imports as root, docs/research.md §3). Settings beyond the
 * default user are lost, which is why swapping is the default. After the unregister the tar is the
 * only copy: a failed import is retried once, and the error names the tar and the exact commands.
 * @module
 */
import { InterruptedError } from "../../mod.ts";
import type { Job } from "./job.ts";
import { ExportImportError } from "./errors.ts";

/** Where the new disk lands: the distro's own folder (`BasePath`). */
export function reimportDir(job: Job): string {
  return job.registration.basePath || job.ctx.host.path.dirname(job.target.path);
}

/** Unregisters and re-imports; returns notes and the new disk path. */
export async function reimport(job: Job): Promise<{ notes: string[]; diskPath: string }> {
  const { host, signal, wsl } = job.ctx;
  const dir = reimportDir(job);
  if (signal.aborted) throw new InterruptedError(`interrupted before unregistering: ${job.distro} is unchanged`);
  job.progress.phase(`unregistering ${job.distro}`);
  await job.record?.("reimporting");
  try {
    await wsl.unregister(job.distro).run();
  } catch (e) {
    throw new ExportImportError(`unregistering ${job.distro} failed, so it is unchanged and still registered: ${(e as Error).message}`, true);
  }
  // The tar is now the only copy. Ctrl-C is not honoured until the distro is back.
  job.progress.phase(`importing ${job.distro} from ${job.tarPath}`);
  let lastError: Error | null = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await wsl.import(job.distro, dir, job.tarPath).run();
      lastError = null;
      break;
    } catch (e) {
      lastError = e as Error;
      job.ctx.log.warn(`import of ${job.distro} failed (attempt ${attempt + 1}): ${lastError.message}`);
    }
  }
  if (lastError) {
    throw new ExportImportError(`${job.distro} was unregistered and importing it back failed twice (${lastError.message}). ALL ITS DATA IS IN ${job.tarPath} - do not delete it. Restore it with: ${wsl.import(job.distro, dir, job.tarPath).line} then set the default user with: ${wsl.setDefaultUid(job.distro, job.registration.defaultUid).line}`, false);
  }
  const notes: string[] = [];
  const uid = job.registration.defaultUid;
  if (uid !== 0) {
    try {
      await wsl.setDefaultUid(job.distro, uid).run();
    } catch (e) {
      notes.push(`${job.distro} was re-imported but its default user could not be restored (${(e as Error).message}); it logs in as root until you do`);
    }
  }
  const reg = await wsl.registration(job.distro);
  const diskPath = reg ? host.path.join(reg.basePath, reg.vhdFileName) : host.path.join(dir, "ext4.vhdx");
  notes.push(`${job.distro} was re-imported: settings other than the default user (uid ${uid}) are WSL's defaults again`);
  return { notes, diskPath };
}
