/**
 * What a target's disk holds and what it could shrink to, computed once read-only and shared by
 * `analyze`, `compare` and every strategy's estimate. It names sizes, never strategies.
 * @module
 */

/**
 * The figures every filesystem reading gives: what the filesystem uses and whether its used-block
 * map can be trusted. The readers' full report (core/disk/filesystem_report.ts) extends it.
 */
export interface FilesystemFigures {
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
}

/** What the filesystem inside the disk uses, and whether its used-block map can be trusted. */
export interface FilesystemSummary extends FilesystemFigures {
  /** The filesystem's type as the readers name it (ext4, ntfs, …). */
  type: string;
}

/** The analysis of a target's disk. */
export interface DiskAnalysis {
  fileSize: number;
  allocatedSize: number;
  virtualSize: number;
  blockSize: number;
  logicalSectorSize: number;
  /** Bytes in FULLY_PRESENT payload blocks. */
  allocatedBytes: number;
  filesystem: FilesystemSummary;
  /**
   * Exact size of the file after compacting in place while keeping only the blocks the filesystem
   * uses (null when the disk cannot be compacted, see `filesystemRefusal`). It is also the size a
   * trim lets a zero-dropping compactor reach.
   */
  usedOnlySizeAfter: number | null;
  /** Size if only all-zero payload blocks were dropped (null unless the slow zero scan was asked for). */
  zeroDropSizeAfter: number | null;
  /** Why the disk cannot be compacted by keeping only used blocks (one line). */
  filesystemRefusal?: string;
  /** Set when the filesystem is not understood and only all-zero blocks can be dropped. */
  filesystemNote?: string;
}
