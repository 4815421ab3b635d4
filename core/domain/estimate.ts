/**
 * What a strategy expects to leave behind for one target: sizes, temporary space and time.
 * @module
 */

/** What a strategy expects for one target. */
export interface Estimate {
  /** Expected file size afterwards, in bytes. */
  sizeAfter: number;
  /** fileSize - sizeAfter. */
  reclaimable: number;
  /** Temporary space needed during the run, in bytes. */
  tempSpace: number;
  /** Where that temporary space is needed (a folder); default: beside the disk. */
  tempDir?: string;
  /** Rough duration in seconds. */
  seconds: number;
  /** True when the number is exact (computed from the disk), false when it is an estimate. */
  exact: boolean;
  /** Short caveat, e.g. "needs trim". */
  note?: string;
}
