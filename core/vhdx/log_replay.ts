/**
 * Replaying the log (MS-VHDX §2.3.3): either as an in-memory overlay that reads consult (for
 * read-only use; the file is never written) or onto the file itself.
 * @module
 */
import { type BlockFile, readIntoOrCopy } from "../io/block_file.ts";
import { InvalidImageError } from "../errors.ts";
import type { Header } from "./header.ts";
import { MiB } from "./header.ts";
import type { LogWrite } from "./log_entry.ts";
import { findActiveSequence } from "./log_sequence.ts";

/** Largest log region this tool reads into memory to search (Windows and qemu use 1 MiB). */
export const MAX_LOG_LENGTH = 256 * MiB;
/** Log writes may not touch the file identifier or the headers: they are never logged (§2.2.1, §2.2.2). */
const FIRST_LOGGABLE_OFFSET = 192 * 1024;

/** What replay would do: the writes in order and the size the file must reach. */
export interface ReplayPlan {
  writes: LogWrite[];
  /** LastFileOffset of the head entry: the file is extended to at least this size. */
  minFileSize: number;
}

/**
 * Reads the log of a file whose header has a non-zero LogGuid and plans its replay.
 * @returns null when no valid sequence exists (the log is treated as empty, as qemu does)
 * @throws InvalidImageError when the file was truncated below FlushedFileOffset or a write is out of range
 */
export async function planReplay(file: BlockFile, header: Header, fileSize: number): Promise<ReplayPlan | null> {
  const bad = (why: string) => new InvalidImageError(`Cannot replay the VHDX log: ${why}; restore the file from a backup.`);
  if (header.logLength === 0) return null;
  if (header.logLength > MAX_LOG_LENGTH) throw bad(`the log is ${header.logLength} bytes, more than this tool reads (${MAX_LOG_LENGTH})`);
  const log = await file.read(header.logOffset, header.logLength);
  const active = findActiveSequence(log, header.logGuid);
  if (!active) return null;
  const { flushedFileOffset, lastFileOffset } = active.head.header;
  if (fileSize < flushedFileOffset) throw bad(`the file is ${fileSize} bytes but the log says at least ${flushedFileOffset} were flushed (truncated file)`);
  const limit = Math.max(fileSize, lastFileOffset);
  if (!Number.isSafeInteger(limit) || limit > fileSize + 64 * 1024 * MiB) throw bad(`LastFileOffset ${lastFileOffset} is implausible`);
  const writes = active.entries.flatMap((e) => e.writes);
  for (const w of writes) {
    const end = w.fileOffset + (w.kind === "data" ? w.bytes.length : w.length);
    if (w.fileOffset < FIRST_LOGGABLE_OFFSET || end > limit) throw bad(`a logged write at ${w.fileOffset} lies outside the file's structures`);
  }
  return { writes, minFileSize: lastFileOffset };
}

/** Applies a replay plan to the file: writes in order, extends to LastFileOffset, syncs. */
export async function applyReplay(file: BlockFile, plan: ReplayPlan): Promise<void> {
  const zeros = new Uint8Array(MiB);
  for (const w of plan.writes) {
    if (w.kind === "data") {
      await file.write(w.fileOffset, w.bytes);
      continue;
    }
    for (let done = 0; done < w.length; done += zeros.length) {
      await file.write(w.fileOffset + done, zeros.subarray(0, Math.min(zeros.length, w.length - done)));
    }
  }
  if ((await file.size()) < plan.minFileSize) await file.truncate(plan.minFileSize);
  await file.sync();
}

/**
 * A read-only view of a file with a replay plan applied in memory: reads see the replayed
 * contents, the underlying file is never written (MS-VHDX §5 note <5>).
 */
export class ReplayOverlayFile implements BlockFile {
  #file: BlockFile;
  #plan: ReplayPlan;
  constructor(file: BlockFile, plan: ReplayPlan) {
    this.#file = file;
    this.#plan = plan;
  }
  async read(position: number, length: number): Promise<Uint8Array> {
    return this.#overlay(position, await this.#file.read(position, length));
  }
  async readInto(position: number, target: Uint8Array): Promise<void> {
    await readIntoOrCopy(this.#file, position, target);
    this.#overlay(position, target);
  }
  /** Puts the replayed writes over `out`, which holds the file's bytes from `position`. */
  #overlay(position: number, out: Uint8Array): Uint8Array {
    const end = position + out.length;
    for (const w of this.#plan.writes) {
      const wEnd = w.fileOffset + (w.kind === "data" ? w.bytes.length : w.length);
      if (wEnd <= position || w.fileOffset >= end) continue;
      const from = Math.max(position, w.fileOffset), to = Math.min(end, wEnd);
      if (w.kind === "data") out.set(w.bytes.subarray(from - w.fileOffset, to - w.fileOffset), from - position);
      else out.fill(0, from - position, to - position);
    }
    return out;
  }
  write(): Promise<void> {
    return Promise.reject(new Error("ReplayOverlayFile is read-only"));
  }
  sync(): Promise<void> {
    return Promise.resolve();
  }
  truncate(): Promise<void> {
    return Promise.reject(new Error("ReplayOverlayFile is read-only"));
  }
  async size(): Promise<number> {
    return Math.max(await this.#file.size(), this.#plan.minFileSize);
  }
  close(): Promise<void> {
    return this.#file.close();
  }
}
