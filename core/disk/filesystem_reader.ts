/**
 * The seam for filesystems: what a reader of one filesystem (ext4 today) offers, so that the
 * analysis and the compactor never name a filesystem. A new reader is one folder that implements
 * {@link FilesystemReader} plus one line in core/fs/readers.ts.
 * @module
 */
import type { VirtualDisk } from "../io/virtual_disk.ts";
import type { FilesystemReport, FilesystemType } from "./filesystem_report.ts";
import type { SignatureType } from "./signatures.ts";

/** Options every reader honours. */
export interface FilesystemReadOptions {
  /** Walk every in-use file and confirm its blocks are marked used (default true). */
  crossCheck?: boolean;
}

/** Where on the disk the located filesystem lies, in bytes. */
export interface VolumeExtent {
  offset: number;
  length: number;
}

/** A reader of one filesystem. */
export interface FilesystemReader {
  /** The signature (core/disk/signatures.ts) that marks a volume this reader reads. */
  signature: SignatureType;
  /**
   * The report types it produces. An untrusted report of one of these types is a refusal to compact
   * (the filesystem was understood and found unsafe), not a fall-back to dropping all-zero blocks.
   */
  types: readonly FilesystemType[];
  /**
   * Reads the filesystem at `at`. Untrusted filesystems come back with `trusted: false` and a one-line
   * `reason`; only I/O failures throw.
   */
  read(disk: VirtualDisk, at: VolumeExtent, opts: FilesystemReadOptions): Promise<FilesystemReport>;
}
