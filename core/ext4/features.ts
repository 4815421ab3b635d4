/**
 * ext4 feature flags (kernel Documentation/filesystems/ext4/super.rst, "s_feature_*") and the
 * rules this reader applies to them: which ones it understands, which make it refuse.
 * @module
 */

/** Compatible features (s_feature_compat) this reader looks at. */
export const COMPAT = {
  HAS_JOURNAL: 0x4,
  RESIZE_INODE: 0x10,
  LAZY_BG: 0x40,
  SPARSE_SUPER2: 0x200,
} as const;

/** Incompatible features (s_feature_incompat). */
export const INCOMPAT = {
  COMPRESSION: 0x1,
  FILETYPE: 0x2,
  RECOVER: 0x4,
  JOURNAL_DEV: 0x8,
  META_BG: 0x10,
  EXTENTS: 0x40,
  BIT64: 0x80,
  MMP: 0x100,
  FLEX_BG: 0x200,
  EA_INODE: 0x400,
  DIRDATA: 0x1000,
  CSUM_SEED: 0x2000,
  LARGEDIR: 0x4000,
  INLINE_DATA: 0x8000,
  ENCRYPT: 0x10000,
  CASEFOLD: 0x20000,
} as const;

/** Read-only compatible features (s_feature_ro_compat). */
export const RO_COMPAT = {
  SPARSE_SUPER: 0x1,
  LARGE_FILE: 0x2,
  BTREE_DIR: 0x4,
  HUGE_FILE: 0x8,
  GDT_CSUM: 0x10,
  DIR_NLINK: 0x20,
  EXTRA_ISIZE: 0x40,
  HAS_SNAPSHOT: 0x80,
  QUOTA: 0x100,
  BIGALLOC: 0x200,
  METADATA_CSUM: 0x400,
  REPLICA: 0x800,
  READONLY: 0x1000,
  PROJECT: 0x2000,
  SHARED_BLOCKS: 0x4000,
  VERITY: 0x8000,
  ORPHAN_PRESENT: 0x10000,
} as const;

/**
 * Incompat features whose on-disk effect on allocation this reader understands. RECOVER and
 * JOURNAL_DEV are handled as refusals with their own reasons; COMPRESSION and DIRDATA were never
 * in mainline Linux and count as unknown.
 */
const UNDERSTOOD_INCOMPAT = INCOMPAT.FILETYPE | INCOMPAT.META_BG | INCOMPAT.EXTENTS | INCOMPAT.BIT64 |
  INCOMPAT.MMP | INCOMPAT.FLEX_BG | INCOMPAT.EA_INODE | INCOMPAT.CSUM_SEED | INCOMPAT.LARGEDIR |
  INCOMPAT.INLINE_DATA | INCOMPAT.ENCRYPT | INCOMPAT.CASEFOLD | INCOMPAT.RECOVER | INCOMPAT.JOURNAL_DEV;

/**
 * Ro-compat features understood. HAS_SNAPSHOT (out-of-tree snapshots keep blocks the bitmap does
 * not show) and REPLICA are deliberately absent: any ro_compat bit not listed is refused, since
 * we cannot know whether it changes what "allocated" means.
 */
const UNDERSTOOD_RO_COMPAT = RO_COMPAT.SPARSE_SUPER | RO_COMPAT.LARGE_FILE | RO_COMPAT.BTREE_DIR |
  RO_COMPAT.HUGE_FILE | RO_COMPAT.GDT_CSUM | RO_COMPAT.DIR_NLINK | RO_COMPAT.EXTRA_ISIZE | RO_COMPAT.QUOTA |
  RO_COMPAT.BIGALLOC | RO_COMPAT.METADATA_CSUM | RO_COMPAT.READONLY | RO_COMPAT.PROJECT |
  RO_COMPAT.SHARED_BLOCKS | RO_COMPAT.VERITY | RO_COMPAT.ORPHAN_PRESENT;

/** What ext3 (and so ext2) knows; anything beyond makes blkid and us call the filesystem ext4. */
const EXT3_INCOMPAT = INCOMPAT.FILETYPE | INCOMPAT.RECOVER | INCOMPAT.META_BG;
const EXT3_RO_COMPAT = RO_COMPAT.SPARSE_SUPER | RO_COMPAT.LARGE_FILE | RO_COMPAT.BTREE_DIR;

/** The feature words of a superblock. */
export interface FeatureWords {
  compat: number;
  incompat: number;
  roCompat: number;
}

/** Names the flavour the way blkid does: ext4 when it uses anything ext3 lacks, ext3 when journaled. */
export function extFlavour(f: FeatureWords): "ext2" | "ext3" | "ext4" {
  if ((f.incompat & ~EXT3_INCOMPAT) !== 0 || (f.roCompat & ~EXT3_RO_COMPAT) !== 0) return "ext4";
  return (f.compat & COMPAT.HAS_JOURNAL) !== 0 ? "ext3" : "ext2";
}

/** Returns why the feature set cannot be trusted, or undefined when every bit is understood. */
export function featureDistrust(f: FeatureWords): string | undefined {
  const hex = (n: number) => "0x" + (n >>> 0).toString(16);
  if (f.incompat & INCOMPAT.JOURNAL_DEV) return "this is an external journal device, not a filesystem";
  if (f.incompat & INCOMPAT.RECOVER) return "the filesystem needs journal recovery (needs_recovery set): mount it once in Linux or run e2fsck";
  const unknownIncompat = f.incompat & ~UNDERSTOOD_INCOMPAT;
  if (unknownIncompat) return `unknown incompatible ext4 features ${hex(unknownIncompat)}`;
  const unknownRo = f.roCompat & ~UNDERSTOOD_RO_COMPAT;
  if (unknownRo) return `unknown read-only-compatible ext4 features ${hex(unknownRo)} may change allocation`;
  return undefined;
}

/** True when group descriptors carry checksums (GDT_CSUM or METADATA_CSUM): only then are uninit flags meaningful. */
export function hasGroupChecksums(f: FeatureWords): boolean {
  return (f.roCompat & (RO_COMPAT.GDT_CSUM | RO_COMPAT.METADATA_CSUM)) !== 0;
}
