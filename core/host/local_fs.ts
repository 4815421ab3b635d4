/**
 * The parts of {@link HostFs} that are the same on every real OS, built on `node:fs`.
 * OS-specific hosts override sparse handling, lock detection and allocated size.
 * @module
 */
import * as fsp from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FileAttributes, FileInfo, HostFs } from "./host.ts";
import { openBlockFile } from "../io/block_file.ts";
import type { BlockFile, OpenMode } from "../io/block_file.ts";

/** A filesystem on the machine this process runs on. */
export class LocalFs implements HostFs {
  async stat(path: string): Promise<FileInfo | null> {
    try {
      const st = await fsp.stat(path);
      // st.blocks counts 512-byte units (POSIX st_blocks; libuv on Windows: AllocationSize / 512).
      // WindowsHost overrides this with core/host/allocated_size.ts.
      const allocated = typeof st.blocks === "number" && st.blocks > 0 ? st.blocks * 512 : st.size;
      return {
        size: st.size,
        allocatedSize: allocated,
        isSparse: allocated < st.size,
        isDirectory: st.isDirectory(),
        mtimeMs: st.mtimeMs,
      };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }
  async exists(path: string): Promise<boolean> {
    return (await this.stat(path)) !== null;
  }
  rename(from: string, to: string): Promise<void> {
    return fsp.rename(from, to);
  }
  async remove(path: string): Promise<void> {
    try {
      await fsp.rm(path, { recursive: true, force: true });
    } catch (e) {
      if (isNotFound(e)) return;
      // Bun's recursive rm fails with EFAULT under Wine 8 even for one file: walk and unlink instead.
      await removeTree(path);
    }
  }
  async mkdir(path: string): Promise<void> {
    await fsp.mkdir(path, { recursive: true });
  }
  copyFile(from: string, to: string): Promise<void> {
    return fsp.copyFile(from, to);
  }
  readText(path: string): Promise<string> {
    return fsp.readFile(path, "utf8");
  }
  writeText(path: string, text: string): Promise<void> {
    return fsp.writeFile(path, text);
  }
  async listDir(path: string): Promise<string[]> {
    try {
      return (await fsp.readdir(path)).sort();
    } catch (e) {
      if (isNotFound(e)) return [];
      throw e;
    }
  }
  async freeSpace(path: string): Promise<number> {
    const st = await fsp.statfs(path);
    return Number(st.bavail) * Number(st.bsize);
  }
  setSparse(_path: string, _sparse: boolean): Promise<void> {
    return Promise.resolve();
  }
  /**
   * True when another process holds the file so that it cannot be opened for writing (EBUSY; POSIX
   * has no mandatory locks, WindowsFs adds its own codes). A missing file is not locked; any other
   * failure (no permission, I/O error) is thrown, never read as "not locked".
   */
  async isLocked(path: string): Promise<boolean> {
    try {
      await (await this.open(path, "write")).close();
      return false;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "EBUSY" || code === "ETXTBSY") return true;
      if (isNotFound(e)) return false;
      throw e;
    }
  }
  /**
   * POSIX files have no sparse, compressed or encrypted attribute: sparse is judged from st_blocks,
   * read-only from the owner's write bit (POSIX stat st_mode S_IWUSR).
   */
  async attributes(path: string): Promise<FileAttributes | null> {
    try {
      const st = await fsp.stat(path);
      const sizeOnDisk = typeof st.blocks === "number" ? st.blocks * 512 : undefined;
      return { sparse: sizeOnDisk !== undefined && sizeOnDisk < st.size, compressed: false, encrypted: false, readOnly: (st.mode & 0o200) === 0, sizeOnDisk };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }
  open(path: string, mode: OpenMode): Promise<BlockFile> {
    return openBlockFile(path, mode);
  }
  makeTempDir(prefix: string): Promise<string> {
    return fsp.mkdtemp(join(tmpdir(), prefix));
  }
}

/** True for ENOENT / ENOTDIR errors from node:fs. */
export function isNotFound(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/** Deletes a file or a folder tree with unlink/rmdir only (no recursive rm: it fails under Wine 8). */
export async function removeTree(path: string): Promise<void> {
  const st = await fsp.lstat(path).catch((e) => {
    if (isNotFound(e)) return null;
    throw e;
  });
  if (!st) return;
  if (st.isDirectory()) {
    for (const name of await fsp.readdir(path)) await removeTree(join(path, name));
    await fsp.rmdir(path);
  } else {
    await fsp.unlink(path);
  }
}
