/**
 * The values one export-import run works with, computed once from the target, the registry and the
 * options: where the tar goes, the temporary distro's name and folder, the sizes to expect.
 * @module
 */
import { RefusedError } from "../../mod.ts";
import type { PluginContext, Progress, Registration, Target } from "../../mod.ts";

/** VHDX structures of a fresh WSL disk: headers, log, metadata, BAT (1 MiB each, docs/research.md §9). */
export const VHDX_OVERHEAD = 4 * 1024 * 1024;
/** Free space demanded over the estimate: 10% margin (wslcompact uses 5%, docs/research.md). */
export const SPACE_MARGIN = 1.1;

/** One run's fixed facts. */
export interface Job {
  ctx: PluginContext;
  target: Target;
  progress: Progress;
  distro: string;
  registration: Registration;
  /** Filesystem bytes in use, when the disk could be analysed. */
  usedBytes: number | null;
  /** Size of the filesystem, for the export size check. */
  fsBytes: number;
  tarPath: string;
  tempName: string;
  tempDir: string;
  /** Records how far the swap or re-import got, for the run after a kill (leftovers.ts). */
  record?: (stage: "swapping" | "swapped" | "reimporting") => Promise<void>;
}

/** A short random tag for temporary names (WSL names allow `[a-zA-Z0-9._-]`). */
export const newTag = (): string => Math.random().toString(36).slice(2, 8);

/** The names one run uses, fixed when it is planned so the plan shows the exact paths. */
export interface JobNames {
  tarPath: string;
  tempName: string;
  tempDir: string;
}

/** The tar, the temporary distro and its folder for tag `t`. */
export function jobNames(ctx: PluginContext, target: Target, t: string): JobNames {
  const p = ctx.host.path;
  return {
    tarPath: p.join(exportDirOf(ctx, target), `${target.name}.vhdx-shrink-${t}.tar`),
    tempName: `vhdx-shrink-${t}`,
    // Beside the disk, so the new file is on the same volume and the swap is a rename.
    tempDir: p.join(p.dirname(target.path), `vhdx-shrink-${t}`),
  };
}

/** Where the tar goes: `--export-path`, else %TEMP%, else beside the disk. */
export function exportDirOf(ctx: PluginContext, target: Target): string {
  return String(ctx.options.exportPath ?? ctx.temp.defaultDir(target.path));
}

/** Expected tar size: the used data (or the whole file when the disk could not be analysed). */
export async function usedData(ctx: PluginContext, target: Target): Promise<{ usedBytes: number | null; fsBytes: number; fileSize: number }> {
  const a = await ctx.analyze(target).catch(() => null);
  const fileSize = a?.fileSize ?? (await ctx.host.fs.stat(target.path))?.size ?? 0;
  if (!a || a.filesystem.totalBlocks === 0) return { usedBytes: null, fsBytes: 0, fileSize };
  return { usedBytes: a.filesystem.usedBytes, fsBytes: a.filesystem.totalBlocks * a.filesystem.blockSize, fileSize };
}

/** Builds the job with the planned `names`, refusing when the distro is not registered. */
export async function makeJob(ctx: PluginContext, target: Target, progress: Progress, names: JobNames = jobNames(ctx, target, newTag())): Promise<Job> {
  const distro = target.name;
  const registration = await ctx.wsl.registration(distro);
  if (!registration) throw new RefusedError(`${distro} is not a registered WSL distro: export-import works on distros only; nothing was changed`);
  const { usedBytes, fsBytes } = await usedData(ctx, target);
  return { ctx, target, progress, distro, registration, usedBytes, fsBytes, ...names };
}
