/**
 * BlockFile wrappers for the in-place tests: one counts writes, fsyncs and bytes; the other
 * "crashes" (throws) at the N-th mutating operation, before doing it.
 * @module
 */
import type { BlockFile } from "../../core/io/block_file.ts";

/** Thrown by {@link CrashingFile} at its crash point. */
export class SimulatedCrash extends Error {}

/** Forwards to `inner`, counting writes/truncates (`ops`), fsyncs and bytes written. */
export class CountingFile implements BlockFile {
  ops = 0;
  syncs = 0;
  bytesWritten = 0;
  constructor(readonly inner: BlockFile, readonly crashAt = Infinity) {}
  read(position: number, length: number): Promise<Uint8Array> {
    return this.inner.read(position, length);
  }
  write(position: number, bytes: Uint8Array): Promise<void> {
    this.#step();
    this.bytesWritten += bytes.length;
    return this.inner.write(position, bytes);
  }
  sync(): Promise<void> {
    this.syncs++;
    return this.inner.sync();
  }
  truncate(length: number): Promise<void> {
    this.#step();
    return this.inner.truncate(length);
  }
  size(): Promise<number> {
    return this.inner.size();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
  #step(): void {
    if (++this.ops >= this.crashAt) throw new SimulatedCrash(`simulated crash at operation ${this.ops}`);
  }
}
