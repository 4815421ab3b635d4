/**
 * The fleet commands' `--threshold SIZE|PERCENT`: how much a disk must be able to give back before
 * `check` reports it and `fix` shrinks it, as bytes ("10GB") or as a share of the file ("25%").
 * @module
 */
import { parseSize } from "../units.ts";
import { UsageError } from "../errors.ts";

/** A threshold in bytes, or in percent of the disk file's size. */
export type Threshold = { bytes: number } | { percent: number };

/** The default: a disk worth shrinking can give back at least this (binary units, 1GB = 1024^3 bytes). */
export const DEFAULT_THRESHOLD = "5GB";

/**
 * Parses `--threshold` ("10GB", "512MB", "25%").
 * @throws UsageError when it is neither a size nor a percentage from 0 to 100
 * @example
 * parseThreshold("25%"); // { percent: 25 }
 */
export function parseThreshold(text: string): Threshold {
  const pct = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text);
  if (pct) {
    const percent = Number(pct[1]);
    if (percent <= 100) return { percent };
  }
  const bytes = pct ? null : parseSize(text);
  if (bytes === null) throw new UsageError(`--threshold ${text} is neither a size nor a percentage: write it like 10GB, 512MB or 25%`);
  return { bytes };
}

/** True when giving back `reclaimable` bytes of a `fileSize`-byte file reaches `t` (and is more than nothing). */
export function reaches(t: Threshold, reclaimable: number, fileSize: number): boolean {
  if (reclaimable <= 0) return false;
  if ("bytes" in t) return reclaimable >= t.bytes;
  return fileSize > 0 && (reclaimable / fileSize) * 100 >= t.percent;
}

/** The threshold in words ("10.0 GB", "25%"), given a byte formatter. */
export function describeThreshold(t: Threshold, format: (n: number) => string): string {
  return "bytes" in t ? format(t.bytes) : `${t.percent}%`;
}
