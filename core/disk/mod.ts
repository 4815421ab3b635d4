/**
 * What lies on a virtual disk, whatever the filesystem: partition tables, filesystem signatures, the
 * locator, the used-block map and report every filesystem reader produces, and the reader interface.
 * @module
 */
export { type Location, locateFilesystem } from "./locate_filesystem.ts";
export { detectSignature, SIGNATURE_PROBE_BYTES, type SignatureType } from "./signatures.ts";
export { type PartitionExtent } from "./partition_table.ts";
export {
  type FilesystemReport, type FilesystemType, NOT_UNDERSTOOD, requireTrustedMap, unreadReport,
} from "./filesystem_report.ts";
export type { FilesystemReader, FilesystemReadOptions, VolumeExtent } from "./filesystem_reader.ts";
export { readFilesystem } from "./read_filesystem.ts";
export { countSetBits, freeRangesIn, isRangeUsed, type UsedBlockMap } from "./used_block_map.ts";
