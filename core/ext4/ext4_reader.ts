/**
 * The ext2/3/4 reader: decide whether the allocation bitmaps can be trusted, and if so build the map
 * of used units the compactor must keep. Registered in core/fs/readers.ts.
 * @module
 */
import type { VirtualDisk } from "../io/virtual_disk.ts";
import { crossCheck } from "./cross_check.ts";
import { Distrust, distrust } from "./distrust.ts";
import { COMPAT, extFlavour, featureDistrust, INCOMPAT, RO_COMPAT } from "./features.ts";
import { readGroupDescs } from "./groups.ts";
import { readJournalState } from "./journal_check.ts";
import type { FilesystemReader, FilesystemReadOptions, VolumeExtent } from "../disk/filesystem_reader.ts";
import { NOT_UNDERSTOOD, unreadReport } from "../disk/filesystem_report.ts";
import type { FilesystemReport } from "../disk/filesystem_report.ts";
import {
  checksumSeed, parseSuperblock, STATE_ERROR, STATE_VALID, SUPERBLOCK_OFFSET, SUPERBLOCK_SIZE, superblockChecksumDistrust,
} from "./superblock.ts";
import type { Superblock } from "./superblock.ts";
import { countSetBits } from "../disk/used_block_map.ts";
import { buildUsedUnits } from "./used_map_builder.ts";
import type { Volume } from "./volume.ts";

/** The ext2/3/4 reader, as core/fs registers it. */
export const ext4Reader: FilesystemReader = {
  signature: "ext",
  types: ["ext2", "ext3", "ext4"],
  read: readExt,
};

/**
 * Reads the ext filesystem at `at` on `disk`. Untrusted filesystems come back with `trusted: false`
 * and a one-line `reason`; only I/O failures throw.
 * @example
 * const report = await readExt(disk, { offset: 0, length: disk.size });
 * if (report.trusted) console.log(report.freeBlocks);
 */
export async function readExt(disk: VirtualDisk, at: VolumeExtent, opts: FilesystemReadOptions = {}): Promise<FilesystemReport> {
  const raw = await disk.readAt(at.offset + SUPERBLOCK_OFFSET, SUPERBLOCK_SIZE);
  const sb = parseSuperblock(raw);
  if (typeof sb === "string") return unreadReport("unknown", at.offset, `ext superblock is not valid (${sb}): ${NOT_UNDERSTOOD}`);
  const report = superblockReport(sb, at.offset);
  try {
    const vol = checkSuperblock(disk, at.offset, at.length, sb, raw);
    const groups = await readGroupDescs(vol);
    const journal = await readJournalState(vol, groups);
    if (journal) {
      report.clean = false;
      distrust(journal);
    }
    const used = await buildUsedUnits(vol, groups);
    if (opts.crossCheck ?? true) await crossCheck(vol, groups, used);
    const usedUnits = countSetBits(used.bits, used.unitCount);
    const freeUnits = used.unitCount - usedUnits;
    const fsBytes = Math.min(used.unitCount * sb.clusterRatio, sb.blocksCount) * sb.blockSize;
    report.freeBlocks = freeUnits * sb.clusterRatio;
    report.usedBytes = Math.min(usedUnits * sb.clusterRatio * sb.blockSize, fsBytes);
    report.trusted = true;
    report.usedMap = { offset: at.offset, unitSize: sb.blockSize * sb.clusterRatio, unitCount: used.unitCount, bits: used.bits, fsBytes };
    return report;
  } catch (e) {
    if (!(e instanceof Distrust)) throw e;
    report.reason = e.message;
    return report;
  }
}

function superblockReport(sb: Superblock, offset: number): FilesystemReport {
  const clean = (sb.state & STATE_VALID) !== 0 && (sb.state & STATE_ERROR) === 0 && (sb.incompat & INCOMPAT.RECOVER) === 0;
  return {
    type: extFlavour(sb), partitionOffset: offset, blockSize: sb.blockSize, totalBlocks: sb.blocksCount,
    freeBlocks: sb.freeBlocksCount, usedBytes: (sb.blocksCount - sb.freeBlocksCount) * sb.blockSize, clean, trusted: false,
  };
}

/** The superblock-level refusals, in the order a user would fix them. */
function checkSuperblock(disk: VirtualDisk, offset: number, length: number, sb: Superblock, raw: Uint8Array): Volume {
  const bad = superblockChecksumDistrust(sb, raw) ?? featureDistrust(sb);
  if (bad) distrust(bad);
  if (sb.state & STATE_ERROR) distrust("the filesystem has recorded errors (s_state ERROR): run e2fsck");
  if (!(sb.state & STATE_VALID)) distrust("the filesystem was not cleanly unmounted (s_state not VALID): mount it once in Linux or run e2fsck");
  if (sb.blocksCount * sb.blockSize > length) distrust("the filesystem is larger than its disk or partition (truncated image?)");
  if ((sb.compat & COMPAT.HAS_JOURNAL) && (sb.journalInum === 0 || sb.journalDev !== 0)) {
    distrust("the filesystem uses an external journal device, which cannot be checked");
  }
  const csumSeed = (sb.roCompat & RO_COMPAT.METADATA_CSUM) ? checksumSeed(sb) : undefined;
  return { disk, offset, sb, csumSeed };
}
