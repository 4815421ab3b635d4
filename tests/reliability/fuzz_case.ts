/**
 * One fuzz case: run a (mutated) VHDX through every engine in memory — open with log replay,
 * describe, filesystem analysis, survey, planning, and for some cases copy and in-place compaction —
 * and classify the outcome. A refusal must be a UserFacingError with a one-line message; anything
 * else thrown, a case over its time limit, or an oversized read is a bug.
 * @module
 */
import process from "node:process";
import { compactCopy, compactInPlace, keepBasisFor, planCompaction, surveyBlocks } from "../../core/compact/mod.ts";
import { UserFacingError } from "../../core/errors.ts";
import { type BlockFile, MemoryBlockFile } from "../../core/io/block_file.ts";
import { describeVhdx } from "../../core/vhdx/describe.ts";
import { openVhdx } from "../../core/vhdx/open_vhdx.ts";
import { blockWindow, usedRangesIn } from "../../core/compact/block_bytes.ts";
import type { UsedBlockMap } from "../../core/disk/used_block_map.ts";
import { PayloadBlockState } from "../../core/vhdx/bat.ts";
import type { Vhdx } from "../../core/vhdx/vhdx.ts";

/** How a case ended. */
export type Outcome =
  | { kind: "accepted"; compacted: boolean }
  | { kind: "refused"; error: string; message: string }
  | { kind: "bug"; error: string; message: string; stack?: string };

/** Thrown by the harness itself (oversized read, timeout, broken invariant): always a bug. */
class HarnessFinding extends Error {
  override name = "HarnessFinding";
}

/**
 * Per-case wall-clock limit; cases take milliseconds to a second on these small fixtures. The
 * campaign re-runs a case that hit it with a limit six times longer before calling it a hang.
 */
export const CASE_TIMEOUT_MS = Number(process.env.RELIABILITY_CASE_TIMEOUT_MS ?? 10_000);
/** Largest single read a case may make beyond the file size: no structure of these fixtures needs more. */
const READ_SLACK = 64 * 1024 * 1024;

/** Fails any read much larger than the file: the sign of a length taken from corrupt metadata. */
class GuardedFile implements BlockFile {
  #inner: MemoryBlockFile;
  constructor(inner: MemoryBlockFile) {
    this.#inner = inner;
  }
  get bytes(): Uint8Array {
    return this.#inner.bytes;
  }
  read(position: number, length: number): Promise<Uint8Array> {
    if (length > this.#inner.bytes.length + READ_SLACK) throw new HarnessFinding(`unbounded read: ${length} bytes at ${position} from a ${this.#inner.bytes.length}-byte file`);
    return this.#inner.read(position, length);
  }
  write(position: number, bytes: Uint8Array): Promise<void> {
    if (position + bytes.length > this.#inner.bytes.length + READ_SLACK) throw new HarnessFinding(`unbounded write: file grows to ${position + bytes.length} bytes`);
    return this.#inner.write(position, bytes);
  }
  sync = () => this.#inner.sync();
  truncate = (n: number) => this.#inner.truncate(n);
  size = () => this.#inner.size();
  close = () => this.#inner.close();
}

/** Whether every used byte reads the same in both (only blocks present in either can differ). */
async function sameUsedBytes(before: Vhdx, after: Vhdx, map: UsedBlockMap): Promise<boolean> {
  const present = (v: Vhdx, i: number) => v.blockState(i) === PayloadBlockState.FullyPresent;
  for (let i = 0; i < before.blockCount; i++) {
    if (!present(before, i) && !present(after, i)) continue;
    for (const [s, e] of usedRangesIn(map, blockWindow(i, before.blockSize, before.virtualSize))) {
      const [a, b] = [await before.readAt(s, e - s), await after.readAt(s, e - s)];
      if (!a.every((x, k) => x === b[k])) return false;
    }
  }
  return true;
}

async function exercise(bytes: Uint8Array, compact: boolean): Promise<Outcome> {
  const vhdx = await openVhdx(new GuardedFile(new MemoryBlockFile(compact ? bytes.slice() : bytes)));
  describeVhdx(vhdx);
  const basis = await keepBasisFor(vhdx);
  const census = await surveyBlocks(vhdx, basis.map);
  planCompaction(census, vhdx.fileLayout());
  if (!compact) return { kind: "accepted", compacted: false };
  await compactCopy(vhdx, basis.map, new GuardedFile(new MemoryBlockFile()));
  const inPlace = new GuardedFile(new MemoryBlockFile(bytes.slice()));
  const r = await compactInPlace(inPlace);
  // Whatever the engine accepted, it must not lose a byte it considered used.
  const after = await openVhdx(inPlace, { log: "refuse" });
  if (r.basis.map && !(await sameUsedBytes(vhdx, after, r.basis.map))) {
    throw new HarnessFinding("in-place compaction changed bytes the filesystem uses");
  }
  return { kind: "accepted", compacted: true };
}

function timeout(ms: number): { promise: Promise<never>; cancel: () => void } {
  let id: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<never>((_, reject) => {
    id = setTimeout(() => reject(new HarnessFinding(`no result after ${ms} ms (hang)`)), ms);
  });
  return { promise, cancel: () => clearTimeout(id) };
}

/** Runs one case and classifies it; never throws. */
export async function runCase(bytes: Uint8Array, opts: { compact: boolean }): Promise<Outcome> {
  const limit = timeout(CASE_TIMEOUT_MS);
  try {
    return await Promise.race([exercise(bytes, opts.compact), limit.promise]);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    if (err instanceof UserFacingError) {
      if (err.message.includes("\n") || err.message.trim() === "") {
        return { kind: "bug", error: err.name, message: `refusal is not one line: ${JSON.stringify(err.message)}` };
      }
      return { kind: "refused", error: err.name, message: err.message };
    }
    return { kind: "bug", error: err.name, message: err.message, stack: err.stack };
  } finally {
    limit.cancel();
  }
}
