/**
 * Finds the journal inode's first block and checks the jbd2 superblock there.
 * @module
 */
import { checkedInode, readInodeTablePrefix } from "./cross_check.ts";
import { distrust } from "./distrust.ts";
import { COMPAT } from "./features.ts";
import type { GroupDesc } from "./group_desc.ts";
import { firstPhysicalBlock } from "./inode_blocks.ts";
import { journalDistrust } from "./journal.ts";
import { readBlocks } from "./volume.ts";
import type { Volume } from "./volume.ts";

/** Returns why the journal makes the filesystem untrusted, or undefined (also for journal-less filesystems). */
export async function readJournalState(vol: Volume, groups: GroupDesc[]): Promise<string | undefined> {
  const { sb } = vol;
  if (!(sb.compat & COMPAT.HAS_JOURNAL)) return undefined;
  const ino = sb.journalInum;
  if (ino < 1 || ino > sb.inodesCount) distrust(`journal inode number ${ino} is impossible`);
  const g = Math.floor((ino - 1) / sb.inodesPerGroup);
  const index = (ino - 1) % sb.inodesPerGroup;
  const table = await readInodeTablePrefix(vol, groups[g], index + 1);
  const inode = checkedInode(vol, ino, table.subarray(index * sb.inodeSize));
  const ctx = { sb, csumSeed: vol.csumSeed, readBlock: (b: number) => readBlocks(vol, b, 1), onBlocks() {} };
  const first = await firstPhysicalBlock(ctx, inode);
  if (first === undefined) distrust("the journal inode maps no first block");
  return journalDistrust(await readBlocks(vol, first, 1));
}
