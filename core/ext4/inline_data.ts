/**
 * Inline data (kernel Documentation/filesystems/ext4/inlinedata.rst): a small file's or directory's
 * bytes kept in the inode itself, the first 60 in i_block and the rest in the value of the
 * "system.data" extended attribute in the inode body (attributes.rst: after i_extra_isize, a
 * 0xEA020000 magic and entries whose value offsets count from the first entry).
 * @module
 */
import { distrust } from "./distrust.ts";
import type { LoadedInode } from "./inode_table.ts";
import { I_BLOCK_BYTES } from "./inode.ts";
import { u16, u32 } from "./le.ts";

/** Size of the ext2 inode; the in-inode xattr area starts i_extra_isize bytes after it. */
const GOOD_OLD_INODE_SIZE = 128;
/** h_magic of the in-inode xattr header (attributes.rst). */
const XATTR_MAGIC = 0xea020000;
/** ext4_xattr_entry: name_len u8, name_index u8, value_offs u16, value_inum u32, value_size u32, hash u32, name. */
const XATTR_ENTRY_HEADER = 16;
/** Name index 7 ("system.") with name "data" holds the inline bytes past i_block. */
const SYSTEM_INDEX = 7;
const INLINE_NAME = "data";

/**
 * The value of system.data in the inode body: the inline bytes after the first 60. Empty when the
 * attribute is absent or empty; distrusts an attribute area that does not parse.
 */
export function inlineDataTail(loaded: LoadedInode): Uint8Array {
  const { inode, raw } = loaded;
  const start = GOOD_OLD_INODE_SIZE + inode.extraIsize;
  const where = `inode ${inode.number}`;
  if (raw.length <= GOOD_OLD_INODE_SIZE || start + 4 > raw.length || u32(raw, start) !== XATTR_MAGIC) return new Uint8Array(0);
  const first = start + 4;
  let at = first;
  while (at + 4 <= raw.length && u32(raw, at) !== 0) {
    if (at + XATTR_ENTRY_HEADER > raw.length) distrust(`${where}: in-inode extended attribute is cut off`);
    const nameLen = raw[at];
    const index = raw[at + 1];
    const valueOffs = u16(raw, at + 2);
    const valueInum = u32(raw, at + 4);
    const valueSize = u32(raw, at + 8);
    const nameEnd = at + XATTR_ENTRY_HEADER + nameLen;
    if (nameEnd > raw.length) distrust(`${where}: in-inode extended attribute name is cut off`);
    const name = String.fromCharCode(...raw.subarray(at + XATTR_ENTRY_HEADER, nameEnd));
    if (index === SYSTEM_INDEX && name === INLINE_NAME) {
      if (valueInum !== 0) distrust(`${where}: inline data stored in an EA inode`);
      if (first + valueOffs + valueSize > raw.length) distrust(`${where}: inline data value lies outside the inode`);
      return raw.subarray(first + valueOffs, first + valueOffs + valueSize);
    }
    at = (nameEnd + 3) & ~3;
  }
  return new Uint8Array(0);
}

/** All inline bytes of an inode: i_block, then the system.data value, cut to i_size. */
export function inlineBytes(loaded: LoadedInode): Uint8Array {
  const tail = inlineDataTail(loaded);
  const size = loaded.inode.size;
  if (size > I_BLOCK_BYTES + tail.length) distrust(`inode ${loaded.inode.number}: i_size ${size} exceeds its inline data`);
  const out = new Uint8Array(size);
  out.set(loaded.inode.iBlock.subarray(0, Math.min(size, I_BLOCK_BYTES)));
  if (size > I_BLOCK_BYTES) out.set(tail.subarray(0, size - I_BLOCK_BYTES), I_BLOCK_BYTES);
  return out;
}
