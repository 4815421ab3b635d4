/**
 * {@link HostFs} of the simulated machine: Windows paths mapped onto real files under the state
 * folder, with free space taken from the state (and enforced: growing past it fails with ENOSPC),
 * sparse flags kept in the state, and disks locked while their distro, Docker or an attach holds them.
 * @module
 */
import * as fsp from "node:fs/promises";
import { join, win32 } from "node:path";
import type { FileAttributes, FileInfo, HostFs } from "../core/host/host.ts";
import type { BlockFile, OpenMode } from "../core/io/block_file.ts";
import { openBlockFile } from "../core/io/block_file.ts";
import { isNotFound } from "../core/host/local_fs.ts";
import type { Machine } from "./machine.ts";
import { sysError } from "./machine.ts";
import { driveOf, toRealPath, winPathKey } from "./win_path.ts";
import { lockedDiskKeys } from "./locks.ts";
import { SpaceCheckedFile } from "./space_checked_file.ts";

/** The filesystem of a {@link Machine} whose files live under `stateDir/drives`. */
export class SimFs implements HostFs {
  readonly #stateDir: string;
  readonly #machine: () => Machine;
  constructor(stateDir: string, machine: () => Machine) {
    this.#stateDir = stateDir;
    this.#machine = machine;
  }
  /** The real file behind a Windows path. */
  real(path: string): string {
    return toRealPath(this.#stateDir, path);
  }
  async stat(path: string): Promise<FileInfo | null> {
    let st;
    try {
      st = await fsp.stat(this.real(path));
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
    const state = await this.#machine().read();
    const isSparse = !st.isDirectory() && state.sparse[winPathKey(path)] === true;
    // NTFS allocates every byte of a non-sparse file; only a sparse one can hold less than its size.
    const allocated = isSparse && typeof st.blocks === "number" ? Math.min(st.size, st.blocks * 512) : st.size;
    return { size: st.size, allocatedSize: allocated, isSparse, isDirectory: st.isDirectory(), mtimeMs: st.mtimeMs };
  }
  async exists(path: string): Promise<boolean> {
    return (await this.stat(path)) !== null;
  }
  async rename(from: string, to: string): Promise<void> {
    await this.#refuseLocked(from, "rename");
    await this.#refuseLocked(to, "rename");
    await fsp.rename(this.real(from), this.real(to));
    await this.#machine().update((s) => {
      moveKey(s.sparse, from, to);
      moveKey(s.usedBytes, from, to);
    });
  }
  async remove(path: string): Promise<void> {
    await this.#refuseLocked(path, "unlink");
    await fsp.rm(this.real(path), { recursive: true, force: true });
    const prefix = winPathKey(path);
    await this.#machine().update((s) => {
      for (const k of Object.keys(s.sparse)) if (k === prefix || k.startsWith(prefix + "\\")) delete s.sparse[k];
    });
  }
  async mkdir(path: string): Promise<void> {
    await fsp.mkdir(this.real(path), { recursive: true });
  }
  async copyFile(from: string, to: string): Promise<void> {
    await this.#refuseLocked(from, "copyfile");
    const size = (await fsp.stat(this.real(from))).size;
    const existing = (await this.stat(to))?.size ?? 0;
    await this.#requireSpace(to, size - existing, "copyfile");
    await fsp.copyFile(this.real(from), this.real(to));
    // CopyFile does not carry the sparse attribute here: the copy is a fully allocated file.
  }
  readText(path: string): Promise<string> {
    return fsp.readFile(this.real(path), "utf8");
  }
  async writeText(path: string, text: string): Promise<void> {
    const existing = (await this.stat(path))?.size ?? 0;
    await this.#requireSpace(path, Buffer.byteLength(text) - existing, "write");
    await fsp.writeFile(this.real(path), text);
  }
  async listDir(path: string): Promise<string[]> {
    try {
      return (await fsp.readdir(this.real(path))).sort();
    } catch (e) {
      if (isNotFound(e)) return [];
      throw e;
    }
  }
  async freeSpace(path: string): Promise<number> {
    const state = await this.#machine().read();
    if (state.faults.diskFull) return 0;
    const drive = driveOf(path);
    const d = state.drives[drive];
    if (!d) return 0;
    const used = await treeBytes(join(this.#stateDir, "drives", drive));
    return Math.max(0, d.freeBytes - (used - d.baselineUsed));
  }
  async setSparse(path: string, sparse: boolean): Promise<void> {
    await this.#refuseLocked(path, "open");
    if (!(await this.exists(path))) throw sysError("ENOENT", `no such file or directory, open '${path}'`);
    await this.#machine().update((s) => {
      if (sparse) s.sparse[winPathKey(path)] = true;
      else delete s.sparse[winPathKey(path)];
    });
  }
  /** GetFileAttributesW's flags: sparse, compressed and encrypted from the state, read-only from the file's write bit. */
  async attributes(path: string): Promise<FileAttributes | null> {
    const info = await this.stat(path);
    if (!info) return null;
    const mode = (await fsp.stat(this.real(path))).mode;
    const flags = (await this.#machine().read()).compressedOrEncrypted?.[winPathKey(path)] ?? {};
    return { sparse: info.isSparse, compressed: flags.compressed === true, encrypted: flags.encrypted === true, readOnly: (mode & 0o200) === 0, sizeOnDisk: info.allocatedSize ?? undefined };
  }
  async isLocked(path: string): Promise<boolean> {
    if ((await this.#machine().read()).faults.lockCheckFails) throw sysError("EIO", `i/o error, open '${path}'`);
    return this.#locked(path);
  }
  async #locked(path: string): Promise<boolean> {
    return (await lockedDiskKeys(this.#machine())).has(winPathKey(path));
  }
  async open(path: string, mode: OpenMode): Promise<BlockFile> {
    // A running VM opens its VHDX without sharing: any other open fails with a sharing violation.
    await this.#refuseLocked(path, "open");
    const file = await openBlockFile(this.real(path), mode);
    if (mode === "read") return file;
    return new SpaceCheckedFile(file, await this.freeSpace(path), path);
  }
  async makeTempDir(prefix: string): Promise<string> {
    const state = await this.#machine().read();
    const temp = state.env.TEMP ?? win32.join(state.env.LOCALAPPDATA ?? "C:\\", "Temp");
    const dir = win32.join(temp, prefix + Math.random().toString(36).slice(2, 8));
    await this.mkdir(dir);
    return dir;
  }
  async #refuseLocked(path: string, op: string): Promise<void> {
    if (await this.#locked(path)) {
      throw sysError("EBUSY", `resource busy or locked, ${op} '${path}' (The process cannot access the file because it is being used by another process.)`);
    }
  }
  async #requireSpace(path: string, growth: number, op: string): Promise<void> {
    if (growth > 0 && growth > await this.freeSpace(path)) {
      throw sysError("ENOSPC", `no space left on device, ${op} '${path}' (There is not enough space on the disk.)`);
    }
  }
}

function moveKey<T>(map: Record<string, T>, from: string, to: string): void {
  const f = winPathKey(from);
  if (f in map) {
    map[winPathKey(to)] = map[f];
    delete map[f];
  }
}

/** Sum of file sizes under a real folder. */
async function treeBytes(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await fsp.readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (isNotFound(e)) return 0;
    throw e;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? await treeBytes(p) : (await fsp.stat(p)).size;
  }
  return total;
}

/** Exported for the builder: bytes currently used on a drive folder. */
export { treeBytes };
