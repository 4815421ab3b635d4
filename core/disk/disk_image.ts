/**
 * The seam for disk formats: everything the compactor reads, writes and plans through. A format
 * (VHDX today, core/vhdx/vhdx_format.ts) implements {@link DiskFormat}; its opened files are
 * {@link DiskImage}s. The compactor never names the format's structures (BAT, log, regions).
 * @module
 */
import type { BlockFile } from "../io/block_file.ts";
import type { VirtualDisk } from "../io/virtual_disk.ts";

/** A span of the file [start, end) in bytes. */
export interface FileSpan {
  start: number;
  end: number;
}

/** Where things are in an image file: what the in-place planner needs, as plain data. */
export interface FileLayout {
  fileSize: number;
  blockSize: number;
  /** Granularity of block placement in the file (VHDX: 1 MiB); holes and the cut are aligned to it. */
  alignment: number;
  /** Spans nothing may be moved into: headers, format metadata, blocks the format keeps a claim on. */
  reserved: FileSpan[];
  /** Every present payload block and its file offset. */
  blocks: Array<{ block: number; offset: number }>;
}

/** The geometry a copy keeps from its source. */
export interface ImageGeometry {
  virtualSize: number;
  blockSize: number;
  logicalSectorSize: number;
  physicalSectorSize: number;
}

/** An opened disk image: virtual reads, block by block, and its file layout. */
export interface DiskImage extends VirtualDisk {
  readonly virtualSize: number;
  readonly blockSize: number;
  readonly physicalSectorSize: number;
  /** The disk's identity, kept by a copy (VHDX: the page-83 disk id). */
  readonly diskId: string;
  readonly fileSize: number;
  readonly blockCount: number;
  /** True when payload block `i` holds data in the file. */
  isBlockPresent(i: number): boolean;
  /** File offset of payload block `i` in bytes; 0 unless present. */
  blockFileOffset(i: number): number;
  /**
   * Reads bytes [`within`, `within` + `target.length`) of block `i` into `target`. Returns false,
   * leaving `target` alone, when the block holds no data in the file.
   */
  readBlockInto(i: number, within: number, target: Uint8Array): Promise<boolean>;
  /** The layout of the file as the in-place planner needs it (no I/O). */
  fileLayout(): FileLayout;
}

/** Writes a new image block by block; only a valid image after {@link ImageWriter.finish}. */
export interface ImageWriter {
  /** Appends payload block `index` and resolves to the file offset it was written at. */
  writeBlock(index: number, data: Uint8Array): Promise<number>;
  /** Writes the format's metadata and syncs. */
  finish(): Promise<void>;
}

/** One change to the block map: block `block` now lives at `fileOffset`, or holds no data (null). */
export interface BlockMapChange {
  block: number;
  fileOffset: number | null;
}

/** What to do with a journal left by a writer that did not finish. */
export type JournalPolicy = "replay-in-memory" | "replay-on-disk" | "refuse";

/**
 * An image opened read-write for in-place changes. Every block-map change goes through the
 * format's journal, so after a crash the file opens to either the old or the new map.
 */
export interface ImageUpdate {
  readonly image: DiskImage;
  /** True for a preallocated (fixed-size) image, which cannot give blocks back. */
  readonly fixedSize: boolean;
  /** True when an unreplayed journal was replayed in memory only (the file is unchanged). */
  readonly journalPending: boolean;
  /** Replays a pending journal onto the file and opens it again. */
  replayJournal(): Promise<ImageUpdate>;
  /** Before the first payload write: mark the file as being written, and its data as changing when `dataChanges`. */
  markWriting(dataChanges: boolean): Promise<void>;
  /** Groups `items` in order so each group's block-map changes fit one journal entry (at most `maxItems` items). */
  groupForCommit<T>(items: T[], blockOf: (item: T) => number, maxItems?: number): T[][];
  /** Commits one group of block-map changes atomically through the journal. */
  commitBlockMap(changes: BlockMapChange[]): Promise<void>;
}

/** A disk format: how to open, create and change its images. */
export interface DiskFormat {
  /** Short name for messages, e.g. "VHDX". */
  readonly name: string;
  /** Whether the first bytes of a file carry this format's signature (e.g. "vhdxfile"). */
  hasSignature(firstBytes: Uint8Array): boolean;
  /** Opens an image read-only. */
  open(file: BlockFile, journal: JournalPolicy): Promise<DiskImage>;
  /** Opens an image (journal replayed in memory) for in-place changes; nothing is written yet. */
  openForUpdate(file: BlockFile): Promise<ImageUpdate>;
  /** Starts a new, empty image with `geometry` and `diskId` in an empty file. */
  create(file: BlockFile, geometry: ImageGeometry & { diskId: string }): Promise<ImageWriter>;
  /** Exact size of the file {@link DiskFormat.create} writes for `keptBlocks` blocks. */
  newFileSize(geometry: Omit<ImageGeometry, "physicalSectorSize">, keptBlocks: number): number;
}
