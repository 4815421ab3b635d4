/**
 * The dispatch from a disk to the one reader that understands its filesystem: locate the volume by
 * signature, hand it to the reader, and say "not understood" for everything else.
 * @module
 */
import type { VirtualDisk } from "../io/virtual_disk.ts";
import type { FilesystemReadOptions, FilesystemReader } from "./filesystem_reader.ts";
import { NOT_UNDERSTOOD, unreadReport } from "./filesystem_report.ts";
import type { FilesystemReport } from "./filesystem_report.ts";
import { locateFilesystem } from "./locate_filesystem.ts";

/**
 * Analyses the filesystem on `disk` with whichever of `readers` recognises it. Filesystems no reader
 * understands come back untrusted with the reason; only I/O failures throw.
 * @example
 * const report = await readFilesystem(disk, [ext4Reader]);
 * if (report.trusted) console.log(report.freeBlocks);
 */
export async function readFilesystem(
  disk: VirtualDisk,
  readers: readonly FilesystemReader[],
  opts: FilesystemReadOptions = {},
): Promise<FilesystemReport> {
  const loc = await locateFilesystem(disk, new Set(readers.map((r) => r.signature)));
  if (loc.kind === "other") {
    // "ext" names a signature family, not a report type: without a registered ext reader it is unknown.
    const type = loc.type === "ext" ? "unknown" : loc.type;
    return unreadReport(type, loc.offset, `${loc.type} filesystem ${NOT_UNDERSTOOD}`);
  }
  if (loc.kind === "none") return unreadReport("none", 0, `no filesystem found: ${NOT_UNDERSTOOD}`);
  if (loc.kind === "unknown") return unreadReport("unknown", 0, `${loc.reason}: ${NOT_UNDERSTOOD}`);
  const reader = readers.find((r) => r.signature === loc.type)!;
  return reader.read(disk, { offset: loc.offset, length: loc.length }, opts);
}
