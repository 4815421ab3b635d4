/**
 * The ext2/3/4 superblock: parsed from the 1024 bytes at byte 1024 of the filesystem, with the
 * derived geometry every other part of the reader needs (kernel Documentation/filesystems/ext4/super.rst).
 * @module
 */
import { crc32cLe } from "../checksum/crc32c.ts";
import { COMPAT, INCOMPAT, RO_COMPAT } from "./features.ts";
import type { FeatureWords } from "./features.ts";
import { u16, u32, u32Pair } from "./le.ts";

/** Byte offset of the primary superblock from the start of the filesystem. */
export const SUPERBLOCK_OFFSET = 1024;
/** Size of the superblock structure. */
export const SUPERBLOCK_SIZE = 1024;
/** s_magic value. */
export const EXT_MAGIC = 0xef53;
/** s_state bits (super.rst "s_state"). */
export const STATE_VALID = 0x1;
export const STATE_ERROR = 0x2;
/** s_checksum_type for crc32c, the only one defined. */
const CHECKSUM_TYPE_CRC32C = 1;

/** Field offsets inside struct ext4_super_block (super.rst). */
const OFF = {
  inodesCount: 0x0, blocksCountLo: 0x4, freeBlocksLo: 0xc, firstDataBlock: 0x14, logBlockSize: 0x18,
  logClusterSize: 0x1c, blocksPerGroup: 0x20, clustersPerGroup: 0x24, inodesPerGroup: 0x28, magic: 0x38,
  state: 0x3a, revLevel: 0x4c, firstIno: 0x54, inodeSize: 0x58, compat: 0x5c, incompat: 0x60, roCompat: 0x64,
  uuid: 0x68, reservedGdtBlocks: 0xce, journalUuid: 0xd0, journalInum: 0xe0, journalDev: 0xe4, descSize: 0xfe,
  firstMetaBg: 0x104, blocksCountHi: 0x150, freeBlocksHi: 0x158, mmpBlock: 0x168, logGroupsPerFlex: 0x174,
  checksumType: 0x175, backupBgs: 0x24c, checksumSeed: 0x270, checksum: 0x3fc,
} as const;

/** The superblock fields the allocation reader uses, plus derived geometry. */
export interface Superblock extends FeatureWords {
  inodesCount: number;
  blocksCount: number;
  freeBlocksCount: number;
  firstDataBlock: number;
  blockSize: number;
  /** Blocks per allocation unit: 1, or the bigalloc cluster ratio. */
  clusterRatio: number;
  blocksPerGroup: number;
  clustersPerGroup: number;
  inodesPerGroup: number;
  state: number;
  revLevel: number;
  firstIno: number;
  inodeSize: number;
  uuid: Uint8Array;
  reservedGdtBlocks: number;
  journalUuidSet: boolean;
  journalInum: number;
  journalDev: number;
  descSize: number;
  firstMetaBg: number;
  mmpBlock: number;
  backupBgs: [number, number];
  checksumType: number;
  checksumSeed: number;
  checksum: number;
  groupCount: number;
  /** Group descriptors per descriptor block. */
  descsPerBlock: number;
  /** Blocks holding the whole descriptor table. */
  descBlocks: number;
}

/** True when the bytes at filesystem offset 1024 carry the ext magic. */
export function hasExtMagic(sbBytes: Uint8Array): boolean {
  return sbBytes.length >= 0x3a && u16(sbBytes, OFF.magic) === EXT_MAGIC;
}

/**
 * Parses and sanity-checks a superblock. Returns a reason string instead when the geometry is impossible
 * (the caller reports that as untrusted: a superblock that does not add up cannot place anything).
 */
export function parseSuperblock(b: Uint8Array): Superblock | string {
  if (!hasExtMagic(b)) return "no ext2/3/4 superblock magic";
  const incompat = u32(b, OFF.incompat);
  const roCompat = u32(b, OFF.roCompat);
  const is64 = (incompat & INCOMPAT.BIT64) !== 0;
  const logBlock = u32(b, OFF.logBlockSize);
  if (logBlock > 6) return `impossible block size exponent ${logBlock}`;
  const blockSize = 1024 << logBlock;
  const bigalloc = (roCompat & RO_COMPAT.BIGALLOC) !== 0;
  const logCluster = u32(b, OFF.logClusterSize);
  if (bigalloc && (logCluster < logBlock || logCluster > 29)) return `impossible cluster size exponent ${logCluster}`;
  const clusterRatio = bigalloc ? 2 ** (logCluster - logBlock) : 1;
  const revLevel = u32(b, OFF.revLevel);
  const sb: Superblock = {
    compat: u32(b, OFF.compat), incompat, roCompat,
    inodesCount: u32(b, OFF.inodesCount),
    blocksCount: is64 ? u32Pair(b, OFF.blocksCountLo, OFF.blocksCountHi) : u32(b, OFF.blocksCountLo),
    freeBlocksCount: is64 ? u32Pair(b, OFF.freeBlocksLo, OFF.freeBlocksHi) : u32(b, OFF.freeBlocksLo),
    firstDataBlock: u32(b, OFF.firstDataBlock),
    blockSize, clusterRatio,
    blocksPerGroup: u32(b, OFF.blocksPerGroup),
    clustersPerGroup: bigalloc ? u32(b, OFF.clustersPerGroup) : u32(b, OFF.blocksPerGroup),
    inodesPerGroup: u32(b, OFF.inodesPerGroup),
    state: u16(b, OFF.state),
    revLevel,
    firstIno: revLevel === 0 ? 11 : u32(b, OFF.firstIno),
    inodeSize: revLevel === 0 ? 128 : u16(b, OFF.inodeSize),
    uuid: b.slice(OFF.uuid, OFF.uuid + 16),
    reservedGdtBlocks: (u32(b, OFF.compat) & COMPAT.RESIZE_INODE) ? u16(b, OFF.reservedGdtBlocks) : 0,
    journalUuidSet: b.subarray(OFF.journalUuid, OFF.journalUuid + 16).some((x) => x !== 0),
    journalInum: u32(b, OFF.journalInum),
    journalDev: u32(b, OFF.journalDev),
    descSize: is64 ? u16(b, OFF.descSize) : 32,
    firstMetaBg: u32(b, OFF.firstMetaBg),
    mmpBlock: u32Pair(b, OFF.mmpBlock, OFF.mmpBlock + 4),
    backupBgs: [u32(b, OFF.backupBgs), u32(b, OFF.backupBgs + 4)],
    checksumType: b[OFF.checksumType],
    checksumSeed: u32(b, OFF.checksumSeed),
    checksum: u32(b, OFF.checksum),
    groupCount: 0, descsPerBlock: 0, descBlocks: 0,
  };
  return deriveGeometry(sb);
}

function deriveGeometry(sb: Superblock): Superblock | string {
  const bs = sb.blockSize;
  if (sb.blockSize === 1024 ? sb.firstDataBlock !== 1 && sb.clusterRatio === 1 : sb.firstDataBlock !== 0) {
    return `first data block ${sb.firstDataBlock} does not match block size ${bs}`;
  }
  if (sb.clusterRatio > 1 && sb.firstDataBlock !== 0) return "bigalloc with a non-zero first data block";
  if (sb.clustersPerGroup === 0 || sb.clustersPerGroup > bs * 8 || sb.blocksPerGroup !== sb.clustersPerGroup * sb.clusterRatio) {
    return `impossible blocks per group ${sb.blocksPerGroup} (clusters per group ${sb.clustersPerGroup})`;
  }
  if (sb.inodesPerGroup === 0 || sb.inodesPerGroup > bs * 8) return `impossible inodes per group ${sb.inodesPerGroup}`;
  if (sb.inodeSize < 128 || sb.inodeSize > bs || (sb.inodeSize & (sb.inodeSize - 1)) !== 0) return `impossible inode size ${sb.inodeSize}`;
  if (sb.descSize < 32 || sb.descSize > bs || (sb.descSize & (sb.descSize - 1)) !== 0 || ((sb.incompat & INCOMPAT.BIT64) && sb.descSize < 64)) {
    return `impossible group descriptor size ${sb.descSize}`;
  }
  if (sb.blocksCount <= sb.firstDataBlock) return `impossible block count ${sb.blocksCount}`;
  sb.groupCount = Math.ceil((sb.blocksCount - sb.firstDataBlock) / sb.blocksPerGroup);
  if (sb.groupCount * sb.inodesPerGroup !== sb.inodesCount) {
    return `inode count ${sb.inodesCount} does not match ${sb.groupCount} groups of ${sb.inodesPerGroup}`;
  }
  sb.descsPerBlock = bs / sb.descSize;
  sb.descBlocks = Math.ceil(sb.groupCount / sb.descsPerBlock);
  return sb;
}

/** The crc32c seed of all metadata checksums: s_checksum_seed with CSUM_SEED, else crc32c(~0, uuid). */
export function checksumSeed(sb: Superblock): number {
  return (sb.incompat & INCOMPAT.CSUM_SEED) ? sb.checksumSeed : crc32cLe(0xffffffff, sb.uuid);
}

/** Verifies s_checksum (crc32c over the superblock up to the field) when metadata_csum is on. */
export function superblockChecksumDistrust(sb: Superblock, raw: Uint8Array): string | undefined {
  if (!(sb.roCompat & RO_COMPAT.METADATA_CSUM)) return undefined;
  if (sb.checksumType !== CHECKSUM_TYPE_CRC32C) return `unknown metadata checksum type ${sb.checksumType}`;
  if (crc32cLe(0xffffffff, raw.subarray(0, OFF.checksum)) !== sb.checksum) return "superblock checksum mismatch";
  return undefined;
}
