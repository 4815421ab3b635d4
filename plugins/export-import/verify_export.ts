/**
 * Deciding whether an export is good enough to replace the distro's disk with: the tar lists cleanly
 * to its end marker, holds a non-empty `etc/passwd` (a blank one is the corruption of WSL#10244 and
 * wslcompact#27), and its size is sane against the filesystem's used bytes.
 * @module
 */
import { formatBytes } from "../../mod.ts";
import type { Host } from "../../mod.ts";
import { listTar, TarListingError } from "./tar_listing.ts";
import type { TarListing } from "./tar_listing.ts";

/** Files every exported Linux root has. */
export const REQUIRED_MEMBERS = ["etc/passwd"];
/** The tar must hold at least this share of the used data that is not filesystem metadata. */
export const MIN_EXPORT_RATIO = 0.5;
/**
 * Used bytes that never reach a tar: the journal (up to 1 GiB on big ext4, 128 MiB typical) and
 * inode tables (256 bytes per 16 KiB of disk = 1/64 of the filesystem).
 */
export const METADATA_FIXED = 128 * 1024 * 1024;
export const METADATA_SHARE = 1 / 64;

/** The smallest export that is plausible for a filesystem using `usedBytes` of `fsBytes`. */
export function minimumExportSize(usedBytes: number, fsBytes: number): number {
  const metadata = METADATA_FIXED + fsBytes * METADATA_SHARE;
  return Math.max(0, Math.floor((usedBytes - metadata) * MIN_EXPORT_RATIO));
}

/** Why an export was rejected; the distro has not been touched when this is thrown. */
export class ExportRejectedError extends Error {}

/** Checks the tar at `tarPath`; returns its listing or throws {@link ExportRejectedError}. */
export async function verifyExport(host: Host, tarPath: string, usedBytes: number | null, fsBytes: number, signal?: AbortSignal): Promise<TarListing> {
  const info = await host.fs.stat(tarPath);
  if (!info || info.size === 0) throw new ExportRejectedError(`the export ${tarPath} is missing or empty`);
  const file = await host.fs.open(tarPath, "read");
  let listing: TarListing;
  try {
    listing = await listTar(file, REQUIRED_MEMBERS, signal);
  } catch (e) {
    if (e instanceof TarListingError) throw new ExportRejectedError(`the export is not a complete tar: ${e.message}`);
    throw e;
  } finally {
    await file.close();
  }
  for (const name of REQUIRED_MEMBERS) {
    if (!(name in listing.found)) throw new ExportRejectedError(`the export has no ${name}: it is not a Linux root filesystem`);
    if (listing.found[name] === 0) throw new ExportRejectedError(`the export's ${name} is empty (WSL#10244): the distro itself may be damaged`);
  }
  if (usedBytes !== null) {
    const min = minimumExportSize(usedBytes, fsBytes);
    if (listing.dataBytes < min) {
      throw new ExportRejectedError(`the export holds ${formatBytes(listing.dataBytes)} but the filesystem uses ${formatBytes(usedBytes)} (expected at least ${formatBytes(min)})`);
    }
  }
  return listing;
}
