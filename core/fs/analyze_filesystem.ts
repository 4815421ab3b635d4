/**
 * The filesystem analysis the rest of the program calls: the registered readers behind one function,
 * so the compactor and `analyze` never name a filesystem.
 * @module
 */
import type { VirtualDisk } from "../io/virtual_disk.ts";
import type { FilesystemReadOptions } from "../disk/filesystem_reader.ts";
import type { FilesystemReport, FilesystemType } from "../disk/filesystem_report.ts";
import { readFilesystem } from "../disk/read_filesystem.ts";
import { FILESYSTEM_READERS } from "./readers.ts";

/**
 * Analyses the filesystem on `disk` with the registered readers. Untrusted or unknown filesystems come
 * back with `trusted: false` and a one-line `reason`; only I/O failures throw.
 * @example
 * const report = await analyzeFilesystem(await RawDisk.over(await openBlockFile("disk.img", "read")));
 * if (report.trusted) console.log(report.freeBlocks);
 */
export function analyzeFilesystem(disk: VirtualDisk, opts: FilesystemReadOptions = {}): Promise<FilesystemReport> {
  return readFilesystem(disk, FILESYSTEM_READERS, opts);
}

/**
 * True when a registered reader produces reports of `type`: such a filesystem was understood, so an
 * untrusted report of it is a refusal rather than a fall-back to all-zero blocks.
 */
export function isReadableType(type: FilesystemType): boolean {
  return FILESYSTEM_READERS.some((r) => r.types.includes(type));
}
