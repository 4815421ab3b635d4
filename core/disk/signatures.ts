/**
 * Cheap filesystem signatures, checked on the first bytes of a disk or partition. Which ones can be
 * read is up to the registered filesystem readers; the others are named so the report can say what it saw.
 * @module
 */

/** Bytes to read from the start of a volume to test every signature below (btrfs sits at 64 KiB). */
export const SIGNATURE_PROBE_BYTES = 0x10000 + 0x1000;

/** A filesystem type recognised by signature. */
export type SignatureType = "ext" | "ntfs" | "fat" | "xfs" | "btrfs";

const latin1 = (b: Uint8Array, o: number, n: number) => new TextDecoder("latin1").decode(b.subarray(o, o + n));

/** Signature table: where each magic sits (ext: super.rst s_magic; NTFS/FAT: boot sector OEM and type fields; XFS: sb_magicnum; btrfs: superblock at 64 KiB + 0x40). */
const SIGNATURES: ReadonlyArray<readonly [SignatureType, (b: Uint8Array) => boolean]> = [
  ["ext", (b) => b[1080] === 0x53 && b[1081] === 0xef],
  ["ntfs", (b) => latin1(b, 3, 8) === "NTFS    "],
  ["fat", (b) => /^FAT(12|16|32)? {0,3}$/.test(latin1(b, 54, 8)) || latin1(b, 82, 8) === "FAT32   "],
  ["xfs", (b) => latin1(b, 0, 4) === "XFSB"],
  ["btrfs", (b) => latin1(b, 0x10040, 8) === "_BHRfS_M"],
];

/** The first signature found in `head` (the first {@link SIGNATURE_PROBE_BYTES} of a volume), if any. */
export function detectSignature(head: Uint8Array): SignatureType | undefined {
  for (const [type, matches] of SIGNATURES) if (matches(head)) return type;
  return undefined;
}
