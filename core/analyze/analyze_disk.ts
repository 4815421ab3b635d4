/**
 * The analysis behind `analyze`, `compare` and every strategy's estimate: what the VHDX holds, what
 * the filesystem inside uses, and the exact size compaction would leave keeping only those blocks.
 * @module
 */
import type { Host } from "../host/host.ts";
import type { DiskAnalysis } from "../domain/disk_analysis.ts";
import { openVhdx } from "../vhdx/open_vhdx.ts";
import { describeVhdx } from "../vhdx/describe.ts";
import { analyzeFilesystem } from "../fs/analyze_filesystem.ts";
import { estimateNative } from "../compact/estimate_native.ts";

/** Options for {@link analyzeDisk}. */
export interface AnalyzeDiskOptions {
  /** Also read every allocated block to size the all-zero-only result (slow on big disks). */
  zeroDrop?: boolean;
  signal?: AbortSignal;
}

/**
 * Analyses the VHDX at `path` read-only (an unreplayed log is replayed in memory, never on disk).
 * @example
 * const a = await analyzeDisk(host, "C:\\wsl\\ext4.vhdx");
 * console.log(a.fileSize - (a.usedOnlySizeAfter ?? a.fileSize));
 */
export async function analyzeDisk(host: Host, path: string, opts: AnalyzeDiskOptions = {}): Promise<DiskAnalysis> {
  const file = await host.fs.open(path, "read");
  try {
    const vhdx = await openVhdx(file, { log: "replay-in-memory" });
    const d = describeVhdx(vhdx);
    const info = await host.fs.stat(path);
    const fs = await analyzeFilesystem(vhdx);
    const native = await estimateNative(vhdx, { zeroDrop: opts.zeroDrop, signal: opts.signal, report: fs });
    return {
      fileSize: d.fileSize,
      allocatedSize: info?.allocatedSize ?? d.fileSize,
      virtualSize: d.virtualSize,
      blockSize: d.blockSize,
      logicalSectorSize: d.logicalSectorSize,
      allocatedBytes: d.allocatedBytes,
      filesystem: {
        type: fs.type,
        blockSize: fs.blockSize,
        totalBlocks: fs.totalBlocks,
        freeBlocks: fs.freeBlocks,
        usedBytes: fs.usedBytes,
        clean: fs.clean,
        trusted: fs.trusted,
        ...(fs.reason ? { reason: fs.reason } : {}),
      },
      usedOnlySizeAfter: native.nativeSizeAfter,
      zeroDropSizeAfter: native.zeroDropSizeAfter,
      ...(native.refusal ? { filesystemRefusal: native.refusal } : {}),
      ...(native.fallbackNote ? { filesystemNote: native.fallbackNote } : {}),
    };
  } finally {
    await file.close();
  }
}
