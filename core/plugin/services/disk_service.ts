/**
 * The disks a strategy may read and write, as methods on `ctx.disks`: open a VHDX read-only, check
 * that a file is a valid VHDX, write a new VHDX block by block (beside the target, renamed into
 * place only when complete), and the native compactor (copy or in place, with progress). A thin
 * facade over core/vhdx and core/compact.
 * @module
 */
import type { Host } from "../../host/host.ts";
import type { Progress } from "../../domain/progress.ts";
import { RefusedError } from "../../errors.ts";
import { openVhdx } from "../../vhdx/open_vhdx.ts";
import { createVhdx } from "../../vhdx/create_vhdx.ts";
import type { BlockFile } from "../../io/block_file.ts";
import { compactFile } from "../../compact/compact_file.ts";
import { holdDisk } from "../../hold/disk_hold.ts";
import { clearLeftoverPartial } from "../../compact/kept_files.ts";
import { estimateNative } from "../../compact/estimate_native.ts";
import type { CompactReport } from "../../compact/compact_report.ts";

export type { CompactReport };

/** A VHDX opened read-only (an unreplayed log is replayed in memory, never on disk). */
export interface DiskReader {
  readonly virtualSize: number;
  readonly blockSize: number;
  readonly logicalSectorSize: number;
  readonly physicalSectorSize: number;
  /** The page-83 disk id; keep it in a copy so the guest sees the same disk. */
  readonly diskId: string;
  readonly fileSize: number;
  /** Payload blocks in the virtual disk. */
  readonly blockCount: number;
  /** Payload block `i`'s bytes, or null when the file holds none for it (reads as zeros). */
  readBlock(i: number): Promise<Uint8Array | null>;
  /** Virtual contents at `offset` (unallocated space reads as zeros). */
  readAt(offset: number, length: number): Promise<Uint8Array>;
}

/** The new disk {@link DiskService.write} hands to its `fill` function. */
export interface DiskWriter {
  /** Stores payload block `index` (blockSize bytes; shorter is zero-padded). Blocks never written read as zeros. */
  writeBlock(index: number, data: Uint8Array): Promise<void>;
}

/** Geometry of a new disk; a {@link DiskReader} is one, so a copy takes its source's. */
export interface DiskShape {
  virtualSize: number;
  blockSize: number;
  logicalSectorSize: number;
  physicalSectorSize: number;
  diskId?: string;
}

/** Options of {@link DiskService.compact}. */
export interface CompactOptions {
  /** Copy mode: write the compacted disk here; absent: in place. */
  output?: string;
  /** Zero free filesystem blocks inside kept blocks (default true). */
  scrub?: boolean;
  /** In place: keep `<file>.bak` first. */
  backup?: boolean;
  /** Plan only: the report of what would happen, nothing written. */
  dryRun?: boolean;
  progress?: Progress;
  signal?: AbortSignal;
}

/** Disk operations. */
export interface DiskService {
  /** Opens `path` read-only for `use` and closes it afterwards. */
  read<T>(path: string, use: (disk: DiskReader) => Promise<T>): Promise<T>;
  /** Throws `InvalidImageError` / `DirtyLogError` unless `path` is a valid VHDX with a clean log. */
  verify(path: string): Promise<void>;
  /**
   * Writes a new VHDX at `path`: into `path.partial`, which becomes `path` only after `fill` and the
   * final metadata write succeeded; on any failure the partial file is removed. Refuses an existing `path`.
   */
  write(path: string, shape: DiskShape, fill: (disk: DiskWriter) => Promise<void>): Promise<void>;
  /** The native compactor: keeps the blocks the filesystem uses, crash-safe in place or into a copy. */
  compact(path: string, opts?: CompactOptions): Promise<CompactReport>;
  /** Exact size of a compacted copy of `path`, or null when its filesystem cannot be trusted. */
  copySize(path: string, signal?: AbortSignal): Promise<number | null>;
}

async function closeQuietly(f: BlockFile | undefined): Promise<void> {
  await f?.close().catch(() => undefined);
}

/** The disk service over a host. */
export function diskService(host: Host): DiskService {
  async function read<T>(path: string, use: (disk: DiskReader) => Promise<T>): Promise<T> {
    const file = await host.fs.open(path, "read");
    try {
      return await use(await openVhdx(file, { log: "replay-in-memory" }));
    } finally {
      await file.close();
    }
  }
  return {
    read,
    async verify(path) {
      const file = await host.fs.open(path, "read");
      try {
        await openVhdx(file, { log: "refuse" });
      } finally {
        await file.close();
      }
    },
    async write(path, shape, fill) {
      if (await host.fs.exists(path)) throw new RefusedError(`${path} already exists: choose another name or delete it first; nothing was written`);
      const temp = `${path}.partial`;
      // One writer per new file (core/hold/disk_hold.ts); a .partial a dead run left is replaced.
      const hold = await holdDisk(host, path);
      let file: BlockFile | undefined;
      try {
        await clearLeftoverPartial(host, temp, [], hold.tookOver);
        file = await host.fs.open(temp, "create");
      } catch (e) {
        await hold.release();
        throw e;
      }
      try {
        const { virtualSize, blockSize, logicalSectorSize, physicalSectorSize, diskId } = shape;
        const writer = await createVhdx(file, {
          virtualSize, blockSize, diskId,
          logicalSectorSize: logicalSectorSize as 512 | 4096,
          physicalSectorSize: physicalSectorSize as 512 | 4096,
        });
        await fill({ writeBlock: async (i, data) => void await writer.writeBlock(i, data) });
        await writer.finish();
        await file.close();
        file = undefined;
        await host.fs.rename(temp, path);
      } catch (e) {
        await closeQuietly(file);
        await host.fs.remove(temp).catch(() => undefined);
        throw e;
      } finally {
        await hold.release();
      }
    },
    compact: (path, opts = {}) => compactFile(host, path, opts),
    async copySize(path, signal) {
      const file = await host.fs.open(path, "read");
      try {
        return (await estimateNative(await openVhdx(file), { signal })).copySizeAfter;
      } finally {
        await file.close();
      }
    },
  };
}
