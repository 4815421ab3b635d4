/**
 * Splitting BAT updates into log entries that fit the file's log (MS-VHDX §2.3.1: an entry is
 * its descriptor sectors plus one 4 KiB data sector per changed sector).
 * @module
 */
import { BAT_ENTRY_SIZE } from "./bat.ts";
import { descriptorSectors, LOG_SECTOR_SIZE } from "./log_entry.ts";
import type { Vhdx } from "./vhdx.ts";

/** Most distinct 4 KiB sectors one log entry can carry in a log of `logLength` bytes. */
export function maxSectorsPerEntry(logLength: number): number {
  let n = Math.floor(logLength / LOG_SECTOR_SIZE) - 1;
  while (n > 0 && (descriptorSectors(n) + n) * LOG_SECTOR_SIZE > logLength) n--;
  return Math.max(n, 0);
}

/** The 4 KiB file sector holding payload block `block`'s BAT entry. */
export function batSectorOf(vhdx: Vhdx, block: number): number {
  return Math.floor((vhdx.regions.bat.fileOffset + vhdx.batEntryIndex(block) * BAT_ENTRY_SIZE) / LOG_SECTOR_SIZE);
}

/**
 * Groups `items` (in order) so that each group touches at most `maxSectors` distinct BAT sectors
 * and at most `maxItems` items.
 */
export function batchBySector<T>(items: T[], sectorOf: (item: T) => number, maxSectors: number, maxItems = Infinity): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let sectors = new Set<number>();
  for (const item of items) {
    const s = sectorOf(item);
    if (current.length >= maxItems || (!sectors.has(s) && sectors.size >= maxSectors)) {
      batches.push(current);
      current = [];
      sectors = new Set();
    }
    current.push(item);
    sectors.add(s);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
