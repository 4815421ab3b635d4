/**
 * The numbers `analyze` and `compare` show for the native strategy, from one survey of the disk.
 * @module
 */
import { UntrustedFilesystemError } from "../errors.ts";
import type { Progress } from "../domain/progress.ts";
import type { DiskImage } from "../disk/disk_image.ts";
import { planCompaction, planZeroDrop } from "./plan_compaction.ts";
import { surveyBlocks } from "./survey_blocks.ts";
import type { FilesystemReport } from "../disk/filesystem_report.ts";
import { keepBasisFor, keepBasisOf } from "./used_map_source.ts";

/** Options for {@link estimateNative}. */
export interface EstimateOptions {
  /** Also read whole blocks for the all-zero-only figure. */
  zeroDrop?: boolean;
  /** The filesystem report, when the caller already made one (saves a second analysis). */
  report?: FilesystemReport;
  signal?: AbortSignal;
  progress?: Progress;
}

/** Exact sizes after native compaction, and after dropping all-zero blocks only. */
export interface NativeEstimate {
  /** File size after in-place compaction (the plugin's default mode); null when the filesystem is refused. */
  nativeSizeAfter: number | null;
  /** File size of a copy (`--output`); null when refused. */
  copySizeAfter: number | null;
  /** Size if only all-zero payload blocks were dropped in place (null unless `zeroDrop` was asked). */
  zeroDropSizeAfter: number | null;
  /** Why the native strategy would refuse, one line. */
  refusal?: string;
  /** Set when the filesystem is not understood and only all-zero blocks would go. */
  fallbackNote?: string;
}

/**
 * Surveys `vhdx` once and plans both ways. Reading whole blocks (`zeroDrop`) costs a read of every
 * allocated byte; without it only used data is read.
 * @example
 * const { nativeSizeAfter } = await estimateNative(vhdx);
 */
export async function estimateNative(vhdx: DiskImage, opts: EstimateOptions = {}): Promise<NativeEstimate> {
  let map = null, refusal: string | undefined, fallbackNote: string | undefined;
  try {
    ({ map, fallbackNote } = opts.report ? keepBasisOf(opts.report) : await keepBasisFor(vhdx));
  } catch (e) {
    if (!(e instanceof UntrustedFilesystemError)) throw e;
    refusal = e.message;
  }
  if (refusal && !opts.zeroDrop) return { nativeSizeAfter: null, copySizeAfter: null, zeroDropSizeAfter: null, refusal };
  const census = await surveyBlocks(vhdx, refusal ? null : map, { zeroDrop: opts.zeroDrop, signal: opts.signal, progress: opts.progress });
  const layout = vhdx.fileLayout();
  const zeroDropSizeAfter = opts.zeroDrop ? planZeroDrop(census, layout).inPlace!.truncateTo : null;
  if (refusal) return { nativeSizeAfter: null, copySizeAfter: null, zeroDropSizeAfter, refusal };
  const plan = planCompaction(census, layout);
  return { nativeSizeAfter: plan.inPlace!.truncateTo, copySizeAfter: plan.copySize, zeroDropSizeAfter, fallbackNote };
}
