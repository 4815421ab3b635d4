/**
 * Builds the used-unit map: the block bitmaps of initialised groups, OR every group's metadata
 * (superblock and descriptor copies, reserved GDT blocks, bitmaps, inode tables, wherever flex_bg
 * put them), OR the MMP block and the boot block. BLOCK_UNINIT groups contribute metadata only,
 * which is exactly what the kernel would compute for them (their descriptor checksum was verified).
 * @module
 */
import { orBitsAt } from "../disk/bit_copy.ts";
import { distrust } from "./distrust.ts";
import { hasGroupChecksums, INCOMPAT, RO_COMPAT } from "./features.ts";
import { BG_BLOCK_UNINIT, bitmapChecksumMatches, hasBlockBitmapCsumHi } from "./group_desc.ts";
import type { GroupDesc } from "./group_desc.ts";
import { groupBaseMetadata, groupBlockCount, groupFirstBlock, inodeTableBlocks } from "./layout.ts";
import { setBits } from "../disk/used_block_map.ts";
import { readEachBlock } from "./volume.ts";
import type { Volume } from "./volume.ts";

/** The used bits of a filesystem, one per allocation unit. */
export interface UsedUnits {
  bits: Uint8Array;
  unitCount: number;
}

/** Marks the units holding blocks [start, start + count) as used. */
export function markBlocks(vol: Volume, bits: Uint8Array, start: number, count: number): void {
  const r = vol.sb.clusterRatio;
  const first = Math.floor(start / r);
  setBits(bits, first, Math.floor((start + count - 1) / r) - first + 1);
}

/** Reads the block bitmaps and adds all metadata; verifies bitmap checksums under metadata_csum. */
export async function buildUsedUnits(vol: Volume, groups: GroupDesc[]): Promise<UsedUnits> {
  const { sb } = vol;
  const unitCount = Math.ceil(sb.blocksCount / sb.clusterRatio);
  const bits = new Uint8Array(Math.ceil(unitCount / 8));
  await orBlockBitmaps(vol, groups, bits, unitCount);
  // Block 0 holds the boot sector (and, with blocks over 1 KiB, the superblock): never free.
  markBlocks(vol, bits, 0, Math.max(1, sb.firstDataBlock));
  const itb = inodeTableBlocks(sb);
  for (let g = 0; g < sb.groupCount; g++) {
    for (const [start, count] of groupBaseMetadata(sb, g)) markBlocks(vol, bits, start, count);
    const d = groups[g];
    markBlocks(vol, bits, d.blockBitmap, 1);
    markBlocks(vol, bits, d.inodeBitmap, 1);
    markBlocks(vol, bits, d.inodeTable, itb);
  }
  if (sb.incompat & INCOMPAT.MMP) {
    if (sb.mmpBlock < sb.firstDataBlock || sb.mmpBlock >= sb.blocksCount) distrust(`MMP block ${sb.mmpBlock} lies outside the filesystem`);
    markBlocks(vol, bits, sb.mmpBlock, 1);
  }
  return { bits, unitCount };
}

async function orBlockBitmaps(vol: Volume, groups: GroupDesc[], bits: Uint8Array, unitCount: number): Promise<void> {
  const { sb } = vol;
  const uninitTrusted = hasGroupChecksums(sb);
  const wanted = groups.map((_, g) => g).filter((g) => !(uninitTrusted && groups[g].flags & BG_BLOCK_UNINIT));
  const bitmapBytes = sb.clustersPerGroup / 8;
  const verify = (sb.roCompat & RO_COMPAT.METADATA_CSUM) !== 0 && vol.csumSeed !== undefined;
  await readEachBlock(vol, wanted.map((g) => groups[g].blockBitmap), (i, block) => {
    const g = wanted[i];
    const bitmap = block.subarray(0, Math.ceil(bitmapBytes));
    if (verify && !bitmapChecksumMatches(vol.csumSeed!, bitmap, groups[g].blockBitmapCsum, hasBlockBitmapCsumHi(sb.descSize))) {
      distrust(`group ${g} block bitmap checksum mismatch: run e2fsck`);
    }
    const firstUnit = groupFirstBlock(sb, g) / sb.clusterRatio;
    const units = Math.min(Math.ceil(groupBlockCount(sb, g) / sb.clusterRatio), unitCount - firstUnit);
    orBitsAt(bits, firstUnit, bitmap, units);
  });
}
