/**
 * The per-block facts a survey gathers and the planners consume: one flag byte per payload
 * block. Plain data, so planning is pure and tests can build censuses by hand.
 * @module
 */

/** Flag bits of one payload block in a {@link BlockCensus}. */
export const BlockFlag = {
  /** FULLY_PRESENT in the source: the file holds its data. */
  Present: 1,
  /** Overlaps a used filesystem unit, or bytes outside the filesystem (kept when not understood). */
  Used: 2,
  /** Its used bytes hold at least one non-zero byte: the native strategy keeps it. */
  UsedNonZero: 4,
  /** Any of its bytes is non-zero (only known when the survey read whole blocks). */
  NonZero: 8,
} as const;

/** What a survey learned about every payload block of a disk. */
export interface BlockCensus {
  virtualSize: number;
  blockSize: number;
  logicalSectorSize: number;
  /** One byte of {@link BlockFlag} bits per payload block. */
  flags: Uint8Array;
  /** Whether {@link BlockFlag.NonZero} was measured (whole blocks read) for every present block. */
  nonZeroKnown: boolean;
  /** Whether a trusted used-block map drove the survey (false: every byte counted as used). */
  filesystemAware: boolean;
}

/** Whether the native strategy keeps block `i`: present, used, and its used bytes are not all zero. */
export function keptByNative(census: BlockCensus, i: number): boolean {
  const f = census.flags[i];
  return (f & BlockFlag.Present) !== 0 && (f & BlockFlag.UsedNonZero) !== 0;
}

/** Whether dropping all-zero blocks only (what Optimize-VHD reaches without trim) keeps block `i`. */
export function keptByZeroDrop(census: BlockCensus, i: number): boolean {
  const f = census.flags[i];
  return (f & BlockFlag.Present) !== 0 && (f & BlockFlag.NonZero) !== 0;
}
