/**
 * What fills a disk, read offline: {@link FsTree} (a read-only directory tree over the ext4 inside a
 * VHDX, or a local folder), {@link scanUsage} (per-directory sums like `du`), the report `usage
 * --json` prints, and the ncdu export. The Docker view lives in `./docker/mod.ts`.
 * @module
 */
export type { FsEntry, FsEntryType, FsTree } from "./fs_tree.ts";
export { fsPathParts, joinFsPath, normalizeFsPath } from "./fs_tree.ts";
export { DiskTree, diskTreeOf, openDiskTree } from "./disk_tree.ts";
export type { DiskOpener } from "./disk_tree.ts";
export { LocalFsTree } from "./local_fs_tree.ts";
export { scanUsage } from "./scan_usage.ts";
export type { DirUsage, FileUsage, ScanOptions, UsageScan, UsageVisitor } from "./scan_usage.ts";
export { sortedChildren, usageReport } from "./usage_report.ts";
export type { ReportOptions, UsageEntry, UsageReport, VhdxFigures } from "./usage_report.ts";
export { ncduExport } from "./ncdu_export.ts";
export type { NcduMetadata, TextWriter } from "./ncdu_export.ts";
