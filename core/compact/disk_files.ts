/**
 * The files the compactor works on, named by path: the part of a host that `compactFile` needs.
 * The compactor declares it here and a host satisfies it, so the engine never depends on core/host.
 * @module
 */
import type { BlockFile, OpenMode } from "../io/block_file.ts";

/** Files by path, in the host's own path syntax; a `Host` is one. */
export interface DiskFiles {
  readonly path: {
    resolve(...paths: string[]): string;
    dirname(path: string): string;
  };
  readonly fs: {
    stat(path: string): Promise<{ size: number } | null>;
    exists(path: string): Promise<boolean>;
    rename(from: string, to: string): Promise<void>;
    remove(path: string): Promise<void>;
    copyFile(from: string, to: string): Promise<void>;
    /** Free bytes on the volume holding `path`. */
    freeSpace(path: string): Promise<number>;
    /** True when another process holds the file open exclusively (a running VM, Docker). */
    isLocked(path: string): Promise<boolean>;
    open(path: string, mode: OpenMode): Promise<BlockFile>;
    /** Optional: holds the file against other programs' writers (see `HostFs.holdExclusive`). */
    holdExclusive?(path: string): Promise<{ release(): Promise<void> }>;
  };
}
