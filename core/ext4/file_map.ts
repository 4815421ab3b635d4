/**
 * Where an inode's logical blocks live, as runs in logical order, for reading a directory's or a
 * small file's contents. The block map is read by the one budgeted, checksummed walker
 * (map_walk.ts); work is bounded by the logical range asked for.
 * @module
 */
import { distrust } from "./distrust.ts";
import type { Inode } from "./inode.ts";
import { walkMap } from "./map_walk.ts";
import { readBlocks } from "./volume.ts";
import type { Volume } from "./volume.ts";

/** A run of logical blocks stored contiguously; `unwritten` runs read as zeros. */
export interface FileRun {
  logical: number;
  physical: number;
  length: number;
  unwritten: boolean;
}

/** The runs covering logical blocks [0, `blockCount`) of `inode`, holes left out, sorted by logical block. */
export async function mapFileRuns(vol: Volume, inode: Inode, blockCount: number): Promise<FileRun[]> {
  const runs: FileRun[] = [];
  const source = { blockSize: vol.sb.blockSize, csumSeed: vol.csumSeed, readBlock: (block: number) => readBlocks(vol, block, 1) };
  await walkMap(source, inode, blockCount, {
    data(logical, physical, length, unwritten) {
      const last = runs[runs.length - 1];
      if (last && !unwritten && !last.unwritten && last.logical + last.length === logical && last.physical + last.length === physical) last.length += length;
      else runs.push({ logical, physical, length, unwritten });
    },
    mapBlock() {},
  });
  for (let i = 1; i < runs.length; i++) {
    if (runs[i].logical < runs[i - 1].logical + runs[i - 1].length) distrust(`inode ${inode.number}: overlapping or unsorted extents`);
  }
  return runs;
}
