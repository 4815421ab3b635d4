/**
 * A {@link BlockFile} that refuses to grow past the free space the simulated drive had when it was
 * opened, failing like a real full volume (ENOSPC, "There is not enough space on the disk.").
 * @module
 */
import type { BlockFile } from "../core/io/block_file.ts";
import { sysError } from "./machine.ts";

/** Wraps a writable file with a growth budget. */
export class SpaceCheckedFile implements BlockFile {
  readonly #file: BlockFile;
  readonly #path: string;
  #budget: number;
  #size: number | undefined;
  constructor(file: BlockFile, freeBytes: number, path: string) {
    this.#file = file;
    this.#budget = freeBytes;
    this.#path = path;
  }
  read(position: number, length: number): Promise<Uint8Array> {
    return this.#file.read(position, length);
  }
  async write(position: number, bytes: Uint8Array): Promise<void> {
    await this.#grow(position + bytes.length);
    await this.#file.write(position, bytes);
  }
  sync(): Promise<void> {
    return this.#file.sync();
  }
  async truncate(length: number): Promise<void> {
    await this.#grow(length);
    await this.#file.truncate(length);
    this.#size = length;
  }
  size(): Promise<number> {
    return this.#file.size();
  }
  close(): Promise<void> {
    return this.#file.close();
  }
  async #grow(end: number): Promise<void> {
    const size = this.#size ??= await this.#file.size();
    if (end <= size) return;
    if (end - size > this.#budget) {
      throw sysError("ENOSPC", `no space left on device, write '${this.#path}' (There is not enough space on the disk.)`);
    }
    this.#budget -= end - size;
    this.#size = end;
  }
}
