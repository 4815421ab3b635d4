/**
 * Reads the primary group descriptor table, verifies each descriptor's checksum when the
 * filesystem has them, and checks that every bitmap and inode table lies inside the filesystem.
 * @module
 */
import { distrust } from "./distrust.ts";
import { hasGroupChecksums } from "./features.ts";
import { BG_BLOCK_UNINIT, groupDescChecksum, parseGroupDesc } from "./group_desc.ts";
import type { GroupDesc } from "./group_desc.ts";
import { inodeTableBlocks, primaryDescBlock } from "./layout.ts";
import { readEachBlock } from "./volume.ts";
import type { Volume } from "./volume.ts";
import { checksumSeed } from "./superblock.ts";

/** Reads and verifies all group descriptors. */
export async function readGroupDescs(vol: Volume): Promise<GroupDesc[]> {
  const { sb } = vol;
  const blocks = Array.from({ length: sb.descBlocks }, (_, i) => primaryDescBlock(sb, i));
  const groups: GroupDesc[] = new Array(sb.groupCount);
  const checked = hasGroupChecksums(sb);
  const seed = checksumSeed(sb);
  await readEachBlock(vol, blocks, (i, bytes) => {
    for (let k = 0; k < sb.descsPerBlock; k++) {
      const group = i * sb.descsPerBlock + k;
      if (group >= sb.groupCount) break;
      const raw = bytes.subarray(k * sb.descSize, (k + 1) * sb.descSize);
      const d = parseGroupDesc(raw);
      if (checked && groupDescChecksum(sb, seed, group, raw) !== d.checksum) {
        distrust(`group ${group} descriptor checksum mismatch${d.flags & BG_BLOCK_UNINIT ? " (BLOCK_UNINIT group)" : ""}: run e2fsck`);
      }
      if (!checked && (d.flags & BG_BLOCK_UNINIT)) {
        distrust(`group ${group} is marked BLOCK_UNINIT but the filesystem has no group checksums to vouch for it`);
      }
      checkPlacement(vol, group, d);
      groups[group] = d;
    }
  });
  return groups;
}

function checkPlacement(vol: Volume, group: number, d: GroupDesc): void {
  const { sb } = vol;
  const inside = (b: number, n: number) => b >= sb.firstDataBlock && b + n <= sb.blocksCount;
  if (!inside(d.blockBitmap, 1) || !inside(d.inodeBitmap, 1) || !inside(d.inodeTable, inodeTableBlocks(sb))) {
    distrust(`group ${group} descriptor places its bitmaps or inode table outside the filesystem`);
  }
  if (hasGroupChecksums(sb) && d.itableUnused > sb.inodesPerGroup) distrust(`group ${group} descriptor has an impossible unused inode count`);
}
