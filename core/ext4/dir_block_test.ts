import { test } from "node:test";
import assert from "node:assert/strict";
import { crc32cLe } from "../checksum/crc32c.ts";
import { DIR_TAIL_SIZE, parseDirEntries, parseLeafBlock } from "./dir_block.ts";
import type { DirEntry } from "./dir_block.ts";
import { Distrust } from "./distrust.ts";

/** Writes an ext4_dir_entry_2 at `at` (directory.rst): inode, rec_len, name_len, file_type, name. */
function dirent(b: Uint8Array, at: number, inode: number, recLen: number, name: string, type = 1): void {
  const v = new DataView(b.buffer, b.byteOffset);
  v.setUint32(at, inode, true);
  v.setUint16(at + 4, recLen, true);
  b[at + 6] = name.length;
  b[at + 7] = type;
  b.set(new TextEncoder().encode(name), at + 8);
}

function parse(b: Uint8Array, blockSize = b.length): DirEntry[] {
  const out: DirEntry[] = [];
  parseDirEntries(b, blockSize, "test", out);
  return out;
}

test("live entries are returned in order; an inode-0 entry and the bytes a longer rec_len skips are deleted entries", () => {
  const b = new Uint8Array(1024);
  dirent(b, 0, 11, 12, "a");
  // "gone" was deleted by growing "b"'s rec_len over it; its bytes are still there.
  dirent(b, 12, 12, 32, "b");
  dirent(b, 24, 99, 20, "gone");
  dirent(b, 44, 0, 20, "zero");
  dirent(b, 64, 13, 1024 - 64, "c", 2);
  assert.deepEqual(parse(b), [
    { inode: 11, name: "a", fileType: 1 },
    { inode: 12, name: "b", fileType: 1 },
    { inode: 13, name: "c", fileType: 2 },
  ]);
});

test("a rec_len that is too small, unaligned or runs past the block is refused", () => {
  for (const bad of [4, 14, 2048]) {
    const b = new Uint8Array(1024);
    dirent(b, 0, 11, bad, "a");
    assert.throws(() => parse(b), (e: unknown) => e instanceof Distrust && /bad rec_len/.test(e.message));
  }
});

test("a name longer than its record is refused", () => {
  const b = new Uint8Array(1024);
  dirent(b, 0, 11, 16, "abc");
  b[6] = 200;
  assert.throws(() => parse(b), /does not fit/);
});

test("with 64 KiB blocks a record spanning the whole block is stored as 65535 and read back as 65536", () => {
  const b = new Uint8Array(65536);
  dirent(b, 0, 11, 12, "a");
  dirent(b, 12, 0, 0, "");
  // 65536 − 12 does not fit 16 bits: the low two bits carry bits 16–17 (ext4_rec_len_to_disk).
  const rest = 65536 - 12;
  new DataView(b.buffer).setUint16(16, (rest & 65532) | ((rest >> 16) & 3), true);
  assert.deepEqual(parse(b), [{ inode: 11, name: "a", fileType: 1 }]);
  const whole = new Uint8Array(65536);
  dirent(whole, 0, 7, 65535, "only");
  assert.deepEqual(parse(whole), [{ inode: 7, name: "only", fileType: 1 }]);
});

test("a leaf block's checksum tail is verified and left out of the entries", () => {
  const seed = 0x12345678;
  const b = new Uint8Array(1024);
  dirent(b, 0, 11, 1024 - DIR_TAIL_SIZE, "file");
  const t = 1024 - DIR_TAIL_SIZE;
  dirent(b, t, 0, DIR_TAIL_SIZE, "", 0xde);
  new DataView(b.buffer).setUint32(t + 8, crc32cLe(seed, b.subarray(0, t)), true);
  const out: DirEntry[] = [];
  parseLeafBlock(b, seed, "test", out);
  assert.deepEqual(out, [{ inode: 11, name: "file", fileType: 1 }]);
  b[20] ^= 1;
  assert.throws(() => parseLeafBlock(b, seed, "test", []), /checksum mismatch/);
});
