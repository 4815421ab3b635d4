/**
 * Linear directory entries (kernel Documentation/filesystems/ext4/directory.rst, "Linear (Classic)
 * Directories"): `ext4_dir_entry_2` records chained by rec_len, deleted entries (inode 0 or skipped
 * by a predecessor's longer rec_len), and the 12-byte checksum tail of metadata_csum. Every record
 * is checked against the block it sits in, so a bogus rec_len ends the parse with a reason.
 * @module
 */
import { crc32cLe } from "../checksum/crc32c.ts";
import { distrust } from "./distrust.ts";
import { u16, u32 } from "./le.ts";

/** One live directory entry. */
export interface DirEntry {
  inode: number;
  name: string;
  /** ext4_dir_entry_2.file_type (0 when the filesystem has no FILETYPE feature). */
  fileType: number;
}

/** ext4_dir_entry_2 header: inode u32, rec_len u16, name_len u8, file_type u8. */
const DIRENT_HEADER = 8;
/** ext4_dir_entry_tail: a fake entry of rec_len 12, name_len 0, file_type 0xDE, then the crc32c. */
export const DIR_TAIL_SIZE = 12;
const DIR_TAIL_FILE_TYPE = 0xde;

const decoder = new TextDecoder("utf-8", { fatal: false });

/**
 * rec_len as stored: values of 65536 and more do not fit 16 bits, so with 64 KiB blocks the kernel
 * stores 65535 or 0 for "the whole block" and spreads the remainder into the low two bits.
 */
function recLen(b: Uint8Array, at: number, blockSize: number): number {
  const len = u16(b, at + 4);
  if (blockSize < 65536) return len;
  if (len === 65535 || len === 0) return blockSize;
  return (len & 65532) | ((len & 3) << 16);
}

/**
 * Parses the entries in `region` (a directory block, or the inline area) and appends the live ones
 * to `out`. `where` names the place in distrust reasons. The records must tile the region exactly.
 */
export function parseDirEntries(region: Uint8Array, blockSize: number, where: string, out: DirEntry[]): void {
  let at = 0;
  while (at < region.length) {
    if (region.length - at < DIRENT_HEADER) distrust(`${where}: directory entry at byte ${at} is cut off`);
    const rec = recLen(region, at, blockSize);
    const nameLen = region[at + 6];
    if (rec < DIRENT_HEADER || rec % 4 !== 0 || at + rec > region.length) distrust(`${where}: bad rec_len ${rec} at byte ${at}`);
    const inode = u32(region, at);
    if (inode !== 0) {
      if (DIRENT_HEADER + nameLen > rec || nameLen === 0) distrust(`${where}: name length ${nameLen} does not fit rec_len ${rec} at byte ${at}`);
      const name = decoder.decode(region.subarray(at + DIRENT_HEADER, at + DIRENT_HEADER + nameLen));
      if (name.includes("/") || name.includes("\0")) distrust(`${where}: entry name with "/" or NUL at byte ${at}`);
      out.push({ inode, name, fileType: region[at + 7] });
    }
    at += rec;
  }
}

/** True when the last 12 bytes of a directory block are a checksum tail. */
export function hasDirTail(block: Uint8Array): boolean {
  const t = block.length - DIR_TAIL_SIZE;
  return u32(block, t) === 0 && u16(block, t + 4) === DIR_TAIL_SIZE && block[t + 6] === 0 && block[t + 7] === DIR_TAIL_FILE_TYPE;
}

/** Verifies the checksum tail of a leaf block: crc32c(inode seed, block before the tail). */
export function dirTailMatches(block: Uint8Array, inodeSeed: number): boolean {
  const t = block.length - DIR_TAIL_SIZE;
  return crc32cLe(inodeSeed, block.subarray(0, t)) === u32(block, t + 8);
}

/** The entries of a leaf block, with its checksum tail verified and left out when `inodeSeed` is given. */
export function parseLeafBlock(block: Uint8Array, inodeSeed: number | undefined, where: string, out: DirEntry[]): void {
  if (inodeSeed === undefined) return parseDirEntries(block, block.length, where, out);
  if (!hasDirTail(block)) distrust(`${where}: directory block has no checksum tail`);
  if (!dirTailMatches(block, inodeSeed)) distrust(`${where}: directory block checksum mismatch`);
  parseDirEntries(block.subarray(0, block.length - DIR_TAIL_SIZE), block.length, where, out);
}
