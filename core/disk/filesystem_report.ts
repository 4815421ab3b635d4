/**
 * What every filesystem reader returns, whatever the filesystem, and the one place that turns an
 * untrusted report into an error.
 * @module
 */
import { UntrustedFilesystemError } from "../errors.ts";
import type { UsedBlockMap } from "./used_block_map.ts";
import type { FilesystemFigures } from "../domain/disk_analysis.ts";

/** Filesystem types the analyser can name. */
export type FilesystemType = "ext2" | "ext3" | "ext4" | "ntfs" | "fat" | "xfs" | "btrfs" | "none" | "unknown";

/** The analysis of the filesystem on a virtual disk: the figures a summary shows, and where and what it is. */
export interface FilesystemReport extends FilesystemFigures {
  type: FilesystemType;
  /** Byte offset of the filesystem in the virtual disk. */
  partitionOffset: number;
  /** Present only when trusted. */
  usedMap?: UsedBlockMap;
}

/**
 * Returns the used map of a trusted report, or throws {@link UntrustedFilesystemError} with the reason.
 * @example
 * const map = requireTrustedMap(await analyzeFilesystem(disk));
 */
export function requireTrustedMap(report: FilesystemReport): UsedBlockMap {
  if (report.trusted && report.usedMap) return report.usedMap;
  throw new UntrustedFilesystemError(
    `The ${report.type} filesystem at byte ${report.partitionOffset} cannot be trusted for compaction: ` +
      `${report.reason ?? "no used-block map"}. Only zero blocks can be reclaimed.`,
  );
}

/** What a report says about a filesystem no reader understood. */
export const NOT_UNDERSTOOD = "not understood: only zero blocks can be reclaimed";

/**
 * A report with no figures: the filesystem was not read (`reason` says why).
 * @example
 * unreadReport("ntfs", 0, `ntfs filesystem ${NOT_UNDERSTOOD}`).trusted; // false
 */
export function unreadReport(type: FilesystemType, offset: number, reason: string): FilesystemReport {
  return { type, partitionOffset: offset, blockSize: 0, totalBlocks: 0, freeBlocks: 0, usedBytes: 0, clean: false, trusted: false, reason };
}
