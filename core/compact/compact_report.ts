/**
 * What a compaction reports, in one shape for both modes (the CLI prints it, `--json` emits it).
 * @module
 */

/** The outcome of `compactFile`. */
export interface CompactReport {
  mode: "copy" | "in-place";
  source: string;
  /** The new file (copy mode). */
  output?: string;
  sizeBefore: number;
  sizeAfter: number;
  /** Payload block size of the disk. */
  blockSize: number;
  keptBlocks: number;
  droppedBlocks: number;
  /** Blocks moved inside the file (in-place mode). */
  movedBlocks: number;
  movedBytes: number;
  /** Bytes of used filesystem data compared after writing (copy mode). */
  verifiedBytes: number;
  filesystem: { type: string; trusted: boolean };
  /** Files left behind on purpose (a backup). */
  keptFiles: string[];
  notes: string[];
  /** True when nothing was written (plan only). */
  dryRun: boolean;
}
