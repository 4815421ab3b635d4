/**
 * The export-import strategy: export the distro to a tar, verify it, import it into a temporary
 * distro and swap the new, compact disk under the original registration (or, with `--reimport`,
 * unregister and import). The new disk holds only the files, so the gain is everything not in use.
 * Elevated runs get a warning (elevation.ts).
 * @module
 */
import { definePlugin, InterruptedError, z } from "../../mod.ts";
import type { PlanStep, PluginContext, RunReport, StrategyPlugin, Target } from "../../mod.ts";
import { exportDirOf, makeJob, usedData, VHDX_OVERHEAD } from "./job.ts";
import { checkSpace, exportAndVerify } from "./export_step.ts";
import { BOOT_CHECK, OLD_DISK_SUFFIX, swapDisk } from "./swap.ts";
import { reimport } from "./reimport.ts";
import { ExportImportError } from "./errors.ts";
import { elevatedImportHint, warnIfElevated } from "./elevation.ts";

/** Export plus import throughput, bytes per second (tar through the 9P/VM boundary; measured ~60-120 MB/s). */
export const EXPORT_IMPORT_BYTES_PER_SECOND = 60 * 1024 * 1024;

/** The options of the export-import strategy. */
export const exportImportOptions = z.object({
  exportPath: z.string().optional().describe("where the temporary tar goes (default: %TEMP%)").meta({ value: "dir" }),
  keepExport: z.boolean().default(false).describe("keep the tar afterwards"),
  reimport: z.boolean().default(false).describe("unregister and import instead of swapping the disk file"),
});

/** The export-import strategy plugin. */
export const exportImportPlugin: StrategyPlugin = definePlugin({
  name: "export-import",
  apiVersion: 1,
  description: "Export the distro to a tar, verify it, import it fresh and swap the new disk in (keeps name and default user)",
  metadata: {
    reliability: "medium",
    dataPreservation: "full",
    complexity: "medium",
    requirements: { admin: false, hyperV: false, windows: true, wslVersion: null, tempSpace: "used-data", targetKinds: ["distro"] },
  },
  options: exportImportOptions,
  probe: () => Promise.resolve({ available: true }),
  async estimate(ctx, target) {
    const { usedBytes, fileSize } = await usedData(ctx, target);
    const data = usedBytes ?? fileSize;
    const sizeAfter = Math.min(fileSize, data + VHDX_OVERHEAD);
    return {
      sizeAfter,
      reclaimable: fileSize - sizeAfter,
      // The tar, plus the new disk while the old one still exists.
      tempSpace: data + sizeAfter,
      // Pre-flight checks the volume the tar goes to (the folder above --export-path, which exists).
      ...(ctx.options.exportPath !== undefined ? { tempDir: ctx.host.path.dirname(String(ctx.options.exportPath)) } : {}),
      seconds: Math.ceil((2 * data) / EXPORT_IMPORT_BYTES_PER_SECOND) + 10,
      exact: false,
      note: usedBytes === null ? "used data unknown" : "used data + overhead",
    };
  },
  plan: (ctx, target) => Promise.resolve(planSteps(ctx, target)),
  async run(ctx, target, progress) {
    const notes: string[] = [];
    await warnIfElevated(ctx, notes);
    const job = await makeJob(ctx, target, progress);
    const sizeBefore = (await ctx.host.fs.stat(target.path))?.size ?? 0;
    const reimporting = ctx.options.reimport === true;
    await checkSpace(job, sizeBefore, !reimporting);
    if (ctx.signal.aborted) throw new InterruptedError(`interrupted before anything was done: ${job.distro} is unchanged`);
    const keptFiles: string[] = [];
    let diskPath = target.path;
    await ctx.quiesce.around(notes, async () => {
      await exportAndVerify(job);
      try {
        if (reimporting) {
          const r = await reimport(job);
          notes.push(...r.notes);
          diskPath = r.diskPath;
        } else notes.push(...(await swapDisk(job)).notes);
      } catch (e) {
        const intact = e instanceof InterruptedError || (e instanceof ExportImportError && e.distroIntact);
        if (intact && ctx.options.keepExport !== true) await ctx.host.fs.remove(job.tarPath).catch(() => undefined);
        if (e instanceof ExportImportError) throw new ExportImportError(elevatedImportHint(e.message), e.distroIntact);
        throw e;
      }
      if (ctx.options.keepExport === true) keptFiles.push(job.tarPath);
      else await ctx.host.fs.remove(job.tarPath).catch(() => notes.push(`could not delete the export ${job.tarPath}: delete it yourself`));
    }, target.path);
    const sizeAfter = (await ctx.host.fs.stat(diskPath))?.size ?? 0;
    return { sizeBefore, sizeAfter, keptFiles, notes } satisfies RunReport;
  },
});

/** The exact steps, with the real paths this run would use (random parts shown as `<tag>`). */
function planSteps(ctx: PluginContext, target: Target): PlanStep[] {
  const p = ctx.host.path;
  const distro = target.distro ?? target.name;
  const tar = p.join(exportDirOf(ctx, target), `${distro}.vhdx-shrink-<tag>.tar`);
  const steps: PlanStep[] = [
    ctx.quiesce.planStep(),
    { description: `export ${distro} to a tar (needs about its used data in free space)`, command: ctx.wsl.commands.export(distro, tar), changes: true },
    { description: "verify the export: exit code, every tar header, etc/passwd present, size against the filesystem's used bytes", changes: false },
  ];
  if (ctx.options.reimport === true) {
    const dir = p.dirname(target.path);
    steps.push(
      { description: `unregister ${distro} (deletes its disk; the verified tar is the copy)`, command: ctx.wsl.commands.unregister(distro), changes: true },
      { description: `import ${distro} from the tar into its folder`, command: ctx.wsl.commands.import(distro, dir, tar), changes: true },
      { description: `restore the default user (uid ${target.defaultUid ?? "from the registry"})`, command: ctx.wsl.commands.setDefaultUid(target.distroId ?? "{GUID}", target.defaultUid ?? 1000), changes: true },
    );
  } else {
    const tempDir = p.join(p.dirname(target.path), "vhdx-shrink-<tag>");
    steps.push(
      { description: "import the tar into a temporary distro beside the disk", command: ctx.wsl.commands.import("vhdx-shrink-<tag>", tempDir, tar), changes: true },
      { description: `rename ${target.path} to ${target.path}${OLD_DISK_SUFFIX} and move the new disk into its place`, changes: true },
      { description: `start ${distro} once on the new disk; on failure put the old disk back`, command: ctx.wsl.commands.run(distro, BOOT_CHECK.command, BOOT_CHECK.user), changes: false },
      { description: "hand the old disk to the temporary distro and unregister it (deletes the old disk)", command: ctx.wsl.commands.unregister("vhdx-shrink-<tag>"), changes: true },
    );
  }
  steps.push({ description: ctx.options.keepExport === true ? `keep the export ${tar}` : "delete the export", changes: true });
  return steps;
}

