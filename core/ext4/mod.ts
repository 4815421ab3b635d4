/**
 * The ext2/3/4 allocation reader: finds the filesystem on a virtual disk, decides whether its
 * bitmaps can be trusted, and gives the compactor a map of the units it must keep.
 * @module
 */
export { analyzeFilesystem } from "./analyze.ts";
export type { AnalyzeOptions } from "./analyze.ts";
export { requireTrustedMap } from "../disk/filesystem_report.ts";
export type { FilesystemReport, FilesystemType } from "../disk/filesystem_report.ts";
export { freeRangesIn, isRangeUsed } from "../disk/used_block_map.ts";
export type { UsedBlockMap } from "../disk/used_block_map.ts";
