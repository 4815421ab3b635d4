/**
 * The steps of export-import, each with the exact command it runs: check, stop what holds the disk,
 * export, verify, then the swap (or, with `--reimport`, unregister and import), then the export kept
 * or deleted. The names (tar, temporary distro) are fixed when planning, so the plan shows the paths
 * the run uses. The tar is deleted at the end unless the distro depends on it (a half-way failure:
 * then it is the copy the error message names) or `--keep-export` keeps it.
 * @module
 */
import { beginRun, endRun, InterruptedError } from "../../mod.ts";
import type { PluginContext, Step, Target } from "../../mod.ts";
import type { Job } from "./job.ts";
import { jobNames, makeJob, newTag } from "./job.ts";
import { checkSpace, exportTar, verifyTar } from "./export_step.ts";
import { BOOT_CHECK, OLD_DISK_SUFFIX, swapDisk } from "./swap.ts";
import { reimport } from "./reimport.ts";
import { ExportImportError } from "./errors.ts";
import { elevatedImportHint, warnIfElevated } from "./elevation.ts";
import { clearLeftovers, refuseIfLive, removeRecord, writeRecord } from "./leftovers.ts";

/** The plan of one export-import run on `target`. */
export function exportImportSteps(ctx: PluginContext, target: Target): Step[] {
  const distro = target.name;
  const names = jobNames(ctx, target, newTag());
  const { tarPath } = names;
  const reimporting = ctx.options.reimport === true;
  const keepExport = ctx.options.keepExport === true;
  let job: Job | undefined;
  const theJob = (): Job => job ?? (() => { throw new Error("export-import: the check step did not run"); })();
  // Whether the tar's fate is decided: kept because the distro depends on it, or kept/deleted at the end.
  let tarSettled = false;
  // Whether the record beside the disk must outlive this run: a failure that left the distro depending on the tar or the swap half-way.
  let keepRecord = false;

  /** Runs the part that replaces the disk; a failure that leaves the distro intact lets the tar go. */
  async function replacing(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      const intact = e instanceof InterruptedError || (e instanceof ExportImportError && e.distroIntact);
      if (!intact) tarSettled = keepRecord = true;
      if (e instanceof ExportImportError) throw new ExportImportError(elevatedImportHint(e.message), e.distroIntact);
      throw e;
    }
  }

  const unchanged = `${distro} is unchanged`;
  const steps: Step[] = [
    {
      description: `check that ${distro} is registered and that there is room for the export${reimporting ? "" : " and the new disk"}`,
      changes: false,
      leaves: "nothing was changed",
      async run(step) {
        const notes: string[] = [];
        await warnIfElevated(ctx, notes);
        notes.forEach(step.note);
        await refuseIfLive(ctx, target);
        job = await makeJob(ctx, target, step.progress, names);
        await checkSpace(job, (await ctx.host.fs.stat(target.path))?.size ?? 0, !reimporting);
      },
    },
    ctx.quiesce.step(target.path),
    {
      description: `export ${distro} to a tar (needs about its used data in free space)`,
      command: ctx.wsl.export(distro, tarPath).line,
      changes: true,
      leaves: `${unchanged}; the export is deleted`,
      async run(step) {
        // WSL is stopped now: a dead run's swap can be rolled back and its temporaries removed.
        const found = await clearLeftovers(ctx, target);
        const j = theJob();
        if (found) {
          step.progress.note(found);
          // The clean-up may have set the default user back: the re-import restores what is registered now.
          j.registration = (await ctx.wsl.registration(distro)) ?? j.registration;
        }
        const stamp = beginRun();
        const record = { ...names, stamp, disk: target.path, defaultUid: j.registration.defaultUid };
        await writeRecord(ctx, { ...record, stage: "started" });
        j.record = (stage) => writeRecord(ctx, { ...record, stage });
        step.atEnd(async () => {
          endRun(stamp);
          if (!keepRecord) await removeRecord(ctx, target.path);
        });
        await exportTar(j);
        step.atEnd(async () => {
          if (!tarSettled && !keepExport) await ctx.host.fs.remove(tarPath).catch(() => undefined);
        });
      },
    },
    {
      description: "verify the export: exit code, every tar header, etc/passwd present, size against the filesystem's used bytes",
      changes: false,
      leaves: `${unchanged}; the export is deleted`,
      run: () => verifyTar(theJob()),
    },
  ];
  if (reimporting) {
    const dir = ctx.host.path.dirname(target.path);
    const uid = target.kind === "distro" ? target.defaultUid : undefined;
    const id = target.kind === "distro" ? target.distroId : undefined;
    steps.push({
      description: `unregister ${distro} and import it again from the tar into its folder, then restore its default user (uid ${uid ?? "from the registry"})`,
      details: [
        ctx.wsl.unregister(distro).line,
        ctx.wsl.import(distro, dir, tarPath).line,
        ctx.wsl.setDefaultUid(distro, uid ?? 1000, id).line,
      ],
      changes: true,
      leaves: `${distro} is re-imported`,
      run: (step) =>
        replacing(async () => {
          const j = theJob();
          const r = await reimport(j);
          r.notes.forEach(step.note);
          step.resultAt(r.diskPath);
        }),
    });
  } else {
    const temp = names.tempName;
    steps.push({
      description: `import the tar into a temporary distro beside the disk and swap the new disk in under ${distro}`,
      details: [
        `import into the temporary distro: ${ctx.wsl.import(temp, names.tempDir, tarPath).line}`,
        `rename ${target.path} to ${target.path}${OLD_DISK_SUFFIX} and move the new disk into its place`,
        `start ${distro} once on the new disk, on failure put the old disk back: ${ctx.wsl.run(distro, BOOT_CHECK.command, BOOT_CHECK.user).line}`,
        `hand the old disk to the temporary distro and unregister it (deletes the old disk): ${ctx.wsl.unregister(temp).line}`,
      ],
      changes: true,
      leaves: `${distro} runs on the new disk`,
      run: (step) => replacing(async () => (await swapDisk(theJob())).notes.forEach(step.note)),
    });
  }
  steps.push({
    description: keepExport ? `keep the export ${tarPath}` : "delete the export",
    changes: true,
    async run(step) {
      tarSettled = true;
      if (keepExport) step.keep(tarPath);
      else await ctx.host.fs.remove(tarPath).catch(() => step.note(`could not delete the export ${tarPath}: delete it yourself`));
    },
  });
  return steps;
}
