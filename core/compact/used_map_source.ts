/**
 * Adapter over the filesystem readers: the used-block map the compactor may rely on, the all-zero-only
 * fallback for filesystems we do not read, and a refusal for ext filesystems we cannot trust.
 * @module
 */
import { UntrustedFilesystemError } from "../errors.ts";
import { analyzeFilesystem, isReadableType } from "../fs/analyze_filesystem.ts";
import type { FilesystemReport } from "../disk/filesystem_report.ts";
import type { UsedBlockMap } from "../disk/used_block_map.ts";
import type { VirtualDisk } from "../io/virtual_disk.ts";

/** How the compactor decides what to keep. */
export interface KeepBasis {
  report: FilesystemReport;
  /** The trusted map, or null for the all-zero-only fallback. */
  map: UsedBlockMap | null;
  /** Set when falling back: the one line to tell the user. */
  fallbackNote?: string;
}

/**
 * Analyses the filesystem on `disk` and returns what compaction may rely on.
 * @throws UntrustedFilesystemError for an ext filesystem that is dirty, needs recovery or fails a checksum
 * @example
 * const { map } = await keepBasisFor(vhdx); // null map: only all-zero blocks go
 */
export async function keepBasisFor(disk: VirtualDisk): Promise<KeepBasis> {
  return keepBasisOf(await analyzeFilesystem(disk));
}

/**
 * The same decision from a report already made (so callers that show the report analyse once).
 * @throws UntrustedFilesystemError for an untrusted ext filesystem
 */
export function keepBasisOf(report: FilesystemReport): KeepBasis {
  if (report.trusted && report.usedMap) return { report, map: report.usedMap };
  if (isReadableType(report.type)) {
    throw new UntrustedFilesystemError(
      `Refusing to compact: the ${report.type} filesystem cannot be trusted (${report.reason ?? "no used-block map"}); ` +
        "start the distro once and shut it down with `wsl --shutdown`, or run e2fsck on it, then retry.",
    );
  }
  return {
    report,
    map: null,
    // The reason names the filesystem and says only zero blocks go (core/disk/read_filesystem.ts).
    fallbackNote: report.reason ?? "filesystem not understood: only zero blocks can be reclaimed",
  };
}
