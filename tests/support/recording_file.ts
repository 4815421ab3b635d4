/**
 * Test support for crash-consistency: a {@link BlockFile} that records every write, truncate and
 * fsync it passes on, and the builder of the files a power loss could leave behind.
 * @module
 */
import type { BlockFile } from "../../core/io/block_file.ts";

/** One recorded mutation of the file, in call order. */
export type FileOp =
  | { kind: "write"; position: number; bytes: Uint8Array }
  | { kind: "truncate"; length: number }
  | { kind: "sync" };

/** Passes everything through to `inner` and appends each write, truncate and sync to {@link ops}. */
export class RecordingFile implements BlockFile {
  readonly ops: FileOp[] = [];
  #inner: BlockFile;
  constructor(inner: BlockFile) {
    this.#inner = inner;
  }
  read(position: number, length: number): Promise<Uint8Array> {
    return this.#inner.read(position, length);
  }
  write(position: number, bytes: Uint8Array): Promise<void> {
    this.ops.push({ kind: "write", position, bytes: bytes.slice() });
    return this.#inner.write(position, bytes);
  }
  sync(): Promise<void> {
    this.ops.push({ kind: "sync" });
    return this.#inner.sync();
  }
  truncate(length: number): Promise<void> {
    this.ops.push({ kind: "truncate", length });
    return this.#inner.truncate(length);
  }
  size(): Promise<number> {
    return this.#inner.size();
  }
  close(): Promise<void> {
    return this.#inner.close();
  }
  /** Number of completed fsyncs so far. */
  get syncCount(): number {
    return this.ops.filter((o) => o.kind === "sync").length;
  }
}

/** Disks promise atomicity per sector at best; a torn write keeps some 512-byte sectors and loses others. */
export const TORN_SECTOR = 512;

/** A file image that grows like a file: bytes past `length` do not exist. */
class FileImage {
  bytes: Uint8Array;
  length: number;
  constructor(bytes: Uint8Array, length = bytes.length) {
    this.bytes = bytes;
    this.length = length;
  }
  clone(): FileImage {
    return new FileImage(this.bytes.slice(0, Math.max(this.length, 0)), this.length);
  }
  #ensure(end: number): void {
    if (end <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(end, Math.ceil(this.bytes.length * 1.25)));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
  write(position: number, data: Uint8Array): void {
    const end = position + data.length;
    this.#ensure(end);
    // A write past the end fills any gap with zeros (a hole reads as zeros).
    if (position > this.length) this.bytes.fill(0, this.length, position);
    this.bytes.set(data, position);
    this.length = Math.max(this.length, end);
  }
  truncate(length: number): void {
    this.#ensure(length);
    if (length > this.length) this.bytes.fill(0, this.length, length);
    this.length = length;
  }
  apply(op: FileOp): void {
    if (op.kind === "write") this.write(op.position, op.bytes);
    else if (op.kind === "truncate") this.truncate(op.length);
  }
  /** Applies only the 512-byte sectors of `op` for which `keep(i)` is true. */
  applyTorn(op: FileOp & { kind: "write" }, keep: (sector: number) => boolean): void {
    const end = op.position + op.bytes.length;
    let i = 0;
    for (let pos = op.position; pos < end; i++) {
      const next = Math.min(end, (Math.floor(pos / TORN_SECTOR) + 1) * TORN_SECTOR);
      if (keep(i)) this.write(pos, op.bytes.subarray(pos - op.position, next - op.position));
      pos = next;
    }
  }
  snapshot(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** A file as a power loss could leave it. */
export interface CrashState {
  /** How it was made, e.g. "after sync 3, writes 0-1 of 4 applied, write 2 torn". */
  label: string;
  /** Fsyncs completed before the power loss. */
  syncsCompleted: number;
  /** True for the state right at an fsync boundary (nothing after it applied) and the final state. */
  atBoundary: boolean;
  bytes: Uint8Array;
}

/** How many states to build between two fsyncs. */
export interface CrashSampling {
  /** Random subsets (each pending write applied, dropped or torn) per gap between fsyncs. */
  subsetsPerGap: number;
  /** Prefixes (the first k pending ops applied, op k torn) per gap. */
  prefixesPerGap: number;
  seed: number;
}

/** Small deterministic PRNG (mulberry32) so every crash state can be rebuilt from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits recorded ops into gaps: the ops after each completed fsync (gap 0 precedes the first). */
function gapsOf(ops: FileOp[]): FileOp[][] {
  const gaps: FileOp[][] = [[]];
  for (const op of ops) {
    if (op.kind === "sync") gaps.push([]);
    else gaps[gaps.length - 1].push(op);
  }
  return gaps;
}

/**
 * Every file a power loss during `ops` (recorded against a file that held `base`) could leave,
 * sampled: for every fsync boundary, the state right after it (nothing later applied); then, within
 * the gap before the next fsync, prefixes with the next op torn at 512-byte sectors, and random
 * subsets where each pending write is applied, dropped or torn (the disk may reorder unflushed
 * writes). Everything before the last completed fsync is always applied. The final state (all ops)
 * comes last.
 */
export function* crashStates(base: Uint8Array, ops: FileOp[], sampling: CrashSampling): Generator<CrashState> {
  const random = prng(sampling.seed);
  const durable = new FileImage(base.slice());
  const gaps = gapsOf(ops);
  for (const [k, gap] of gaps.entries()) {
    yield { label: `after sync ${k}, nothing later applied`, syncsCompleted: k, atBoundary: true, bytes: durable.snapshot() };
    if (gap.length > 0) {
      for (let p = 0; p < sampling.prefixesPerGap; p++) {
        const upto = Math.floor(random() * gap.length);
        const img = durable.clone();
        for (const op of gap.slice(0, upto)) img.apply(op);
        const torn = gap[upto];
        if (torn.kind === "write") img.applyTorn(torn, () => random() < 0.5);
        yield { label: `after sync ${k}, ops 0..${upto - 1} of ${gap.length} applied, op ${upto} torn`, syncsCompleted: k, atBoundary: false, bytes: img.snapshot() };
      }
      for (let s = 0; s < sampling.subsetsPerGap; s++) {
        const img = durable.clone();
        const fate: string[] = [];
        for (const op of gap) {
          const r = random();
          if (r < 0.4) {
            img.apply(op);
            fate.push("a");
          } else if (r < 0.7 && op.kind === "write") {
            img.applyTorn(op, () => random() < 0.5);
            fate.push("t");
          } else fate.push("-");
        }
        yield { label: `after sync ${k}, pending ops [${fate.join("")}] (a applied, t torn, - dropped)`, syncsCompleted: k, atBoundary: false, bytes: img.snapshot() };
      }
    }
    for (const op of gap) durable.apply(op);
  }
  yield { label: "every op applied (no crash)", syncsCompleted: gaps.length - 1, atBoundary: true, bytes: durable.snapshot() };
}

/** Number of fsyncs in a recording. */
export function syncCount(ops: FileOp[]): number {
  return ops.filter((o) => o.kind === "sync").length;
}

/** The file as it stands after the first `syncs` fsyncs of `ops` completed and nothing later reached the disk. */
export function stateAfterSyncs(base: Uint8Array, ops: FileOp[], syncs: number): Uint8Array {
  const img = new FileImage(base.slice());
  let done = 0;
  for (const op of ops) {
    if (op.kind === "sync" && ++done === syncs) break;
    img.apply(op);
  }
  if (done < syncs) throw new RangeError(`the recording has only ${done} fsyncs`);
  return img.snapshot();
}
