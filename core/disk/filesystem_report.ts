/**
 * What every filesystem reader returns, whatever the filesystem, and the one place that turns an
 * untrusted report into an error.
 * @module
 */
import { UntrustedFilesystemError } from "../errors.ts";
import type { UsedBlockMap } from "./used_block_map.ts";

/** Filesystem types the analyser can name. */
export type FilesystemType = "ext2" | "ext3" | "ext4" | "ntfs" | "fat" | "xfs" | "btrfs" | "none" | "unknown";

/** The analysis of the filesystem on a virtual disk. */
export interface FilesystemReport {
  type: FilesystemType;
  /** Byte offset of the filesystem in the virtual disk. */
  partitionOffset: number;
  blockSize: number;
  totalBlocks: number;
  /** Free blocks counted from the bitmaps (the superblock's count when the bitmaps were not read). */
  freeBlocks: number;
  usedBytes: number;
  /** Cleanly unmounted: state valid, no errors, no recovery needed, journal empty. */
  clean: boolean;
  /** The used map may decide what is dropped. */
  trusted: boolean;
  /** One line: why the filesystem is not trusted. */
  reason?: string;
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
