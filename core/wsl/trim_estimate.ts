/**
 * The estimate shared by the strategies that compact after a trim (sparse, Optimize-VHD, diskpart):
 * what trimming would free, taken as the native strategy's exact result when the disk could be
 * analysed, else nothing promised. Bare disks cannot be trimmed from a distro: only all-zero blocks.
 * @module
 */
import type { DiskAnalysis } from "../domain/disk_analysis.ts";
import type { Estimate } from "../domain/estimate.ts";
import type { Target } from "../domain/target.ts";

/** Throughput of a compaction pass over the file (VDS / Hyper-V read the whole file; ~200 MB/s on SSD). */
export const COMPACT_BYTES_PER_SECOND = 200 * 1024 * 1024;
/** fstrim inside the VM: discards are cheap; a fixed allowance plus start-up and shutdown of the distro. */
export const TRIM_SECONDS = 20;

/** Estimate for a trim-then-compact strategy; `extraTemp` adds temporary space (e.g. un-sparsing). */
export function trimCompactEstimate(a: DiskAnalysis, target: Target, opts: { compacts: boolean; extraTemp?: number }): Estimate {
  const trims = target.kind === "distro";
  const after = trims ? (a.usedOnlySizeAfter ?? a.fileSize) : (a.zeroDropSizeAfter ?? a.fileSize);
  const sizeAfter = Math.min(a.fileSize, after);
  return {
    sizeAfter,
    reclaimable: a.fileSize - sizeAfter,
    tempSpace: opts.extraTemp ?? 0,
    seconds: (trims ? TRIM_SECONDS : 0) + (opts.compacts ? Math.ceil(a.fileSize / COMPACT_BYTES_PER_SECOND) : 0),
    exact: false,
    note: trims ? "needs trim" : "zero blocks only",
  };
}
