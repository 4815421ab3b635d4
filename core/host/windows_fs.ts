/**
 * The Windows filesystem facts through the API (docs/windows-facts.md §8, §11): attributes from
 * GetFileAttributesW, size on disk from GetCompressedFileSizeW and `fs.stat` blocks, free space from
 * GetDiskFreeSpaceExW, the sparse flag set with FSCTL_SET_SPARSE, "in use" from CreateFileW with share
 * mode 0, and the exclusive hold the one-writer lock takes (share-mode rules: docs/windows-facts.md
 * §11 "Share modes").
 * @module
 */
import * as fsp from "node:fs/promises";
import type { FileAttributes, FileInfo } from "./host.ts";
import { LocalFs } from "./local_fs.ts";
import { allocatedSize } from "./allocated_size.ts";
import { DiskHeldError } from "../errors.ts";
import type { Win32Api } from "./win32/win32_api.ts";
import { ERROR, FILE_ATTRIBUTE, FILE_SHARE_DELETE, FILE_SHARE_READ, FILE_SHARE_WRITE, GENERIC_READ, GENERIC_WRITE, Win32Error } from "./win32/win32_api.ts";

/** The filesystem of a Windows machine (or Wine). */
export class WindowsFs extends LocalFs {
  readonly #api: () => Promise<Win32Api>;
  /** Paths this process holds with {@link holdExclusive} (lower-cased), and how many holds each. */
  readonly #held = new Map<string, number>();
  constructor(api: () => Promise<Win32Api>) {
    super();
    this.#api = api;
  }

  override async attributes(path: string): Promise<FileAttributes | null> {
    const api = await this.#api();
    const flags = api.fileAttributes(path);
    if (flags === null) return null;
    const st = await fsp.stat(path);
    const size = allocatedSize(st, api.compressedFileSize(path));
    return {
      sparse: (flags & FILE_ATTRIBUTE.SPARSE_FILE) !== 0,
      compressed: (flags & FILE_ATTRIBUTE.COMPRESSED) !== 0,
      encrypted: (flags & FILE_ATTRIBUTE.ENCRYPTED) !== 0,
      readOnly: (flags & FILE_ATTRIBUTE.READONLY) !== 0,
      sizeOnDisk: size.source === "none" ? undefined : size.bytes,
    };
  }

  /** Size on disk from the API; `allocatedSize` is null ("unknown") when nothing could tell it, never the length. */
  override async stat(path: string): Promise<FileInfo | null> {
    const info = await super.stat(path);
    if (!info || info.isDirectory) return info;
    let attrs: FileAttributes | null;
    try {
      attrs = await this.attributes(path);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return { ...info, allocatedSize: null, isSparse: false, sparseUnknown: why };
    }
    if (!attrs) return null;
    return { ...info, isSparse: attrs.sparse, allocatedSize: attrs.sizeOnDisk ?? null };
  }

  override async freeSpace(path: string): Promise<number> {
    return (await this.#api()).diskFree(path);
  }

  override async setSparse(path: string, sparse: boolean): Promise<void> {
    (await this.#api()).setSparse(path, sparse);
  }

  /**
   * In use: another handle keeps CreateFileW with share mode 0 from opening it (ERROR_SHARING_VIOLATION,
   * or ERROR_LOCK_VIOLATION for a byte-range lock). Opened for reading, so a read-only file is not
   * "in use"; access denied is thrown with its own reason, never read as "in use" or "free". A file
   * this process holds is not "in use by another": taking the hold proved no other program had it open
   * for writing, and the hold keeps them out since (see holdExclusive).
   */
  override async isLocked(path: string): Promise<boolean> {
    if (this.#held.has(path.toLowerCase())) return false;
    const api = await this.#api();
    const f = api.createFile(path, GENERIC_READ, 0);
    if ("handle" in f) {
      api.closeHandle(f.handle);
      return false;
    }
    if (f.error === ERROR.SHARING_VIOLATION || f.error === ERROR.LOCK_VIOLATION) return true;
    if (f.error === ERROR.FILE_NOT_FOUND || f.error === ERROR.PATH_NOT_FOUND) return false;
    if (f.error === ERROR.ACCESS_DENIED) {
      throw Object.assign(new Error(`access denied to ${path} (Win32 error 5): this account may not open it, which is not the same as in use`), { code: "EACCES" });
    }
    throw new Win32Error(`CreateFileW ${path}`, f.error);
  }

  /**
   * Holds the file open with read and write access, sharing read, write and delete. Our own libuv
   * opens (which share read, write and delete) keep working; a later open by another program that
   * does not share write access — WSL's VHD attach, Hyper-V — fails with ERROR_SHARING_VIOLATION,
   * and when such a program already holds it, this open fails the same way (docs/windows-facts.md
   * §11 "Share modes").
   */
  async holdExclusive(path: string): Promise<{ release(): Promise<void> }> {
    const api = await this.#api();
    const f = api.createFile(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE);
    if ("error" in f) {
      if (f.error === ERROR.SHARING_VIOLATION || f.error === ERROR.LOCK_VIOLATION) {
        throw new DiskHeldError(`${path} is in use by another program (it holds the file open for writing, e.g. WSL or Hyper-V has it attached): stop it and run again; nothing was changed`);
      }
      if (f.error === ERROR.FILE_NOT_FOUND || f.error === ERROR.PATH_NOT_FOUND) throw Object.assign(new Error(`no such file: ${path}`), { code: "ENOENT" });
      throw new Win32Error(`CreateFileW ${path}`, f.error);
    }
    const key = path.toLowerCase();
    this.#held.set(key, (this.#held.get(key) ?? 0) + 1);
    let held = true;
    return {
      release: () => {
        if (held) {
          api.closeHandle(f.handle);
          const n = (this.#held.get(key) ?? 1) - 1;
          if (n > 0) this.#held.set(key, n);
          else this.#held.delete(key);
        }
        held = false;
        return Promise.resolve();
      },
    };
  }
}

