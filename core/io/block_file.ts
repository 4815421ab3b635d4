/**
 * The one I/O edge of the disk-image engines: a random-access file.
 *
 * Engines (`core/vhdx`, `core/ext4`, `core/compact`) never touch `node:fs` directly; they are
 * handed a `BlockFile`. Tests wrap it to record writes and fsyncs (crash-consistency harness)
 * or to serve bytes from memory.
 * @module
 */
import { open } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";

/** A random-access file as the engines see it. */
export interface BlockFile {
  /** Reads exactly `length` bytes at `position`; bytes past the end of the file read as zeros. */
  read(position: number, length: number): Promise<Uint8Array>;
  /**
   * Optional: reads `target.length` bytes at `position` into `target`, with no allocation; bytes
   * past the end of the file read as zeros. Wrappers may leave it out: callers go through
   * {@link readIntoOrCopy}, which falls back to `read`.
   */
  readInto?(position: number, target: Uint8Array): Promise<void>;
  /** Writes all of `bytes` at `position`, extending the file when needed. */
  write(position: number, bytes: Uint8Array): Promise<void>;
  /** Flushes written data to stable storage (fsync). */
  sync(): Promise<void>;
  /** Sets the file length. */
  truncate(length: number): Promise<void>;
  /** The current file length in bytes. */
  size(): Promise<number>;
  /** Releases the file. */
  close(): Promise<void>;
}

/**
 * Fills `target` with the bytes at `position` of `file`: through `file.readInto` when it has one
 * (no allocation, so buffers can be reused), else through `read` and a copy.
 * @example
 * const block = new Uint8Array(1024 * 1024);
 * await readIntoOrCopy(file, offset, block);
 */
export async function readIntoOrCopy(file: BlockFile, position: number, target: Uint8Array): Promise<void> {
  if (file.readInto) return file.readInto(position, target);
  target.set(await file.read(position, target.length));
}

/** How to open a file: read-only, read-write on an existing file, or create a new one (fails if it exists). */
export type OpenMode = "read" | "write" | "create";

const FLAGS: Record<OpenMode, string> = { read: "r", write: "r+", create: "wx+" };

/**
 * Opens a file on the local filesystem as a {@link BlockFile}.
 * @example
 * const f = await openBlockFile("disk.vhdx", "read");
 * const head = await f.read(0, 8);
 * await f.close();
 */
export async function openBlockFile(path: string, mode: OpenMode): Promise<BlockFile> {
  const handle = await open(path, FLAGS[mode]);
  return new NodeBlockFile(handle);
}

class NodeBlockFile implements BlockFile {
  #handle: FileHandle;
  constructor(handle: FileHandle) {
    this.#handle = handle;
  }
  async read(position: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    await this.readInto(position, out);
    return out;
  }
  async readInto(position: number, target: Uint8Array): Promise<void> {
    const length = target.length;
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.#handle.read(target, done, length - done, position + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    target.fill(0, done); // past EOF reads as zeros
  }
  async write(position: number, bytes: Uint8Array): Promise<void> {
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.#handle.write(bytes, done, bytes.length - done, position + done);
      done += bytesWritten;
    }
  }
  sync(): Promise<void> {
    return this.#handle.sync();
  }
  truncate(length: number): Promise<void> {
    return this.#handle.truncate(length);
  }
  async size(): Promise<number> {
    return (await this.#handle.stat()).size;
  }
  close(): Promise<void> {
    return this.#handle.close();
  }
}

/** A {@link BlockFile} held in memory; for tests and for building small structures. */
export class MemoryBlockFile implements BlockFile {
  bytes: Uint8Array;
  constructor(bytes: Uint8Array = new Uint8Array(0)) {
    this.bytes = bytes;
  }
  read(position: number, length: number): Promise<Uint8Array> {
    const out = new Uint8Array(length);
    this.#copyOut(position, out);
    return Promise.resolve(out);
  }
  readInto(position: number, target: Uint8Array): Promise<void> {
    target.fill(0, this.#copyOut(position, target));
    return Promise.resolve();
  }
  write(position: number, bytes: Uint8Array): Promise<void> {
    const end = position + bytes.length;
    if (end > this.bytes.length) this.#grow(end);
    this.bytes.set(bytes, position);
    return Promise.resolve();
  }
  sync(): Promise<void> {
    return Promise.resolve();
  }
  truncate(length: number): Promise<void> {
    if (length > this.bytes.length) this.#grow(length);
    else this.bytes = this.bytes.slice(0, length);
    return Promise.resolve();
  }
  size(): Promise<number> {
    return Promise.resolve(this.bytes.length);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
  /** Copies what the file holds at `position` into `target`; returns how many bytes that was. */
  #copyOut(position: number, target: Uint8Array): number {
    if (position >= this.bytes.length) return 0;
    const part = this.bytes.subarray(position, Math.min(this.bytes.length, position + target.length));
    target.set(part);
    return part.length;
  }
  #grow(length: number): void {
    const next = new Uint8Array(length);
    next.set(this.bytes);
    this.bytes = next;
  }
}
