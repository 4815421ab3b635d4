/**
 * The jbd2 journal superblock (kernel Documentation/filesystems/ext4/journal.rst): big-endian,
 * in the first block of the journal inode. `s_start != 0` means transactions wait to be replayed,
 * so the block bitmaps on disk are not the filesystem's real state.
 * @module
 */

/** h_magic of every jbd2 block. */
export const JBD2_MAGIC = 0xc03b3998;
/** h_blocktype values of the two superblock versions. */
const JBD2_SUPERBLOCK_V1 = 3;
const JBD2_SUPERBLOCK_V2 = 4;

const be32 = (b: Uint8Array, o: number) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;

/** Returns why the journal makes the bitmaps untrustworthy, or undefined when it is empty and healthy. */
export function journalDistrust(block: Uint8Array): string | undefined {
  if (be32(block, 0) !== JBD2_MAGIC) return "the journal superblock has no jbd2 magic";
  const type = be32(block, 4);
  if (type !== JBD2_SUPERBLOCK_V1 && type !== JBD2_SUPERBLOCK_V2) return `the journal superblock has unknown block type ${type}`;
  const start = be32(block, 0x1c);
  if (start !== 0) return `the journal holds unreplayed transactions (s_start ${start}): mount the filesystem once in Linux or run e2fsck`;
  const errno = be32(block, 0x20);
  if (errno !== 0) return "the journal was aborted after an error: run e2fsck";
  return undefined;
}
