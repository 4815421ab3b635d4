/**
 * In-place mode: drop unused blocks, move kept blocks from the end of the file into the holes,
 * and cut the file. Needs no extra space. All I/O goes through one {@link BlockFile}, so a test
 * harness can wrap it to record or interrupt writes and fsyncs.
 *
 * Order of writes and flushes. After a crash at any point the file opens (after log replay) with
 * every used byte intact, because no byte that a BAT entry points at is overwritten before that
 * entry has durably stopped pointing at it:
 *  0. Everything up to the plan only reads (refusals leave the file byte-identical). A dirty log
 *     is replayed onto the file only after the plan is made.
 *  1. Headers: new FileWriteGuid, and a new DataWriteGuid when virtual reads will change
 *     (dropped or scrubbed blocks), two flushed header writes (§2.2.2).
 *  2. Drops: the BAT entries of dropped blocks become NOT_PRESENT with offset 0, through the log
 *     (`writeLogged`: flush, log entry, flush, header LogGuid, apply, flush, LogGuid 0). Once
 *     committed, the dropped spans are referenced by nothing and may be overwritten.
 *  3. Moves, in batches: copy each block into a hole (a span no entry references), flush, then
 *     switch its BAT entry to the hole through the log. Before the switch commits, the old copy
 *     is still the one referenced and untouched; after it, the new copy is stable. Sources are
 *     never used as holes, so no old copy is overwritten at all.
 *  4. Truncate after the last occupied byte, flush: only spans no entry references are cut.
 * @module
 */
import { RefusedError } from "../errors.ts";
import type { UsedBlockMap } from "../disk/used_block_map.ts";
import { type BlockFile, readIntoOrCopy } from "../io/block_file.ts";
import type { Progress } from "../domain/progress.ts";
import { PayloadBlockState } from "../vhdx/bat.ts";
import { ZERO_GUID } from "../vhdx/guid.ts";
import { updateHeaders } from "../vhdx/header_update.ts";
import { batEntryWrite, writeLogged } from "../vhdx/logged_write.ts";
import { openVhdx } from "../vhdx/open_vhdx.ts";
import type { Vhdx } from "../vhdx/vhdx.ts";
import { stopIfAborted } from "./abort.ts";
import { blockWindow, scrubOutside, usedRangesIn } from "./block_bytes.ts";
import { batchBySector, batSectorOf, maxSectorsPerEntry } from "../vhdx/logged_batches.ts";
import { type CompactionPlan, planCompaction } from "./plan_compaction.ts";
import type { BlockMove, InPlacePlan } from "./plan_in_place.ts";
import { fileLayoutOf } from "../vhdx/file_layout.ts";
import { surveyBlocks } from "./survey_blocks.ts";
import { type KeepBasis, keepBasisFor } from "./used_map_source.ts";

/** Data copied between two log commits (bounds the work a crash or Ctrl-C throws away). */
const MOVE_BATCH_BYTES = 128 * 1024 * 1024;

/** Options for {@link compactInPlace}. */
export interface InPlaceOptions {
  /** Zero free filesystem blocks inside the blocks that move (default true; costs no extra writes). */
  scrub?: boolean;
  signal?: AbortSignal;
  progress?: Progress;
  /** Stop after planning (dry run): nothing is written. */
  planOnly?: boolean;
  /** Where the keep decision comes from (default: the ext4 reader, see {@link keepBasisFor}). */
  basis?: (vhdx: Vhdx) => Promise<KeepBasis>;
  /** Called after every refusal check and before the first write (e.g. to keep a backup). */
  beforeFirstWrite?: (plan: InPlacePlan) => Promise<void>;
}

/** What an in-place compaction did (or, with `planOnly`, would do). */
export interface InPlaceResult {
  sizeBefore: number;
  sizeAfter: number;
  plan: CompactionPlan;
  moves: InPlacePlan;
  basis: KeepBasis;
}

const pendingState = (done: number, total: number) =>
  `${done} of ${total} block moves committed; the disk is consistent. Run the command again to finish.`;

/** Reads the block `move` takes into `buffer` (one block long, reused between moves) and scrubs it. */
async function readMoved(file: BlockFile, vhdx: Vhdx, map: UsedBlockMap | null, move: BlockMove, scrub: boolean, buffer: Uint8Array): Promise<Uint8Array> {
  await readIntoOrCopy(file, move.from, buffer);
  if (!scrub || !map) return buffer;
  const [start, end] = blockWindow(move.block, vhdx.blockSize, vhdx.virtualSize);
  // Bytes past the end of the virtual disk (a partial last block) are left as they are.
  scrubOutside(buffer.subarray(0, end - start), start, usedRangesIn(map, [start, end]));
  return buffer;
}

/** Step 2: drops, committed through the log in entries that fit it. */
async function commitDrops(file: BlockFile, vhdx: Vhdx, drops: number[]): Promise<void> {
  const cap = maxSectorsPerEntry(vhdx.header.logLength);
  for (const batch of batchBySector(drops, (b) => batSectorOf(vhdx, b), cap)) {
    await writeLogged(file, vhdx, batch.map((b) => batEntryWrite(vhdx, b, PayloadBlockState.NotPresent)));
  }
}

/** Step 3: copy into holes, flush, switch the entries through the log; batch by batch. */
async function commitMoves(file: BlockFile, vhdx: Vhdx, map: UsedBlockMap | null, moves: BlockMove[], opts: InPlaceOptions): Promise<void> {
  const cap = maxSectorsPerEntry(vhdx.header.logLength);
  const perBatch = Math.max(1, Math.floor(MOVE_BATCH_BYTES / vhdx.blockSize));
  let committed = 0, copied = 0;
  const buffer = new Uint8Array(vhdx.blockSize);
  opts.progress?.phase(`move ${moves.length} blocks`, moves.length * vhdx.blockSize);
  for (const batch of batchBySector(moves, (m) => batSectorOf(vhdx, m.block), cap, perBatch)) {
    for (const m of batch) {
      stopIfAborted(opts.signal, pendingState(committed, moves.length));
      await file.write(m.to, await readMoved(file, vhdx, map, m, opts.scrub ?? true, buffer));
      opts.progress?.update(copied += vhdx.blockSize);
    }
    await file.sync();
    await writeLogged(file, vhdx, batch.map((m) => batEntryWrite(vhdx, m.block, PayloadBlockState.FullyPresent, m.to)));
    committed += batch.length;
  }
}

/**
 * Compacts the VHDX in `file` (opened read-write) in place. Refusals (untrusted filesystem, fixed
 * disk) happen before the first write.
 * @throws UntrustedFilesystemError, RefusedError, InvalidImageError before anything is written
 * @throws InterruptedError when `signal` fires (the file is consistent; running again finishes)
 * @example
 * const result = await compactInPlace(await openBlockFile("ext4.vhdx", "write"));
 */
export async function compactInPlace(file: BlockFile, opts: InPlaceOptions = {}): Promise<InPlaceResult> {
  const scrub = opts.scrub ?? true;
  let vhdx = await openVhdx(file, { log: "replay-in-memory" });
  if (vhdx.leaveBlockAllocated) {
    throw new RefusedError("This is a fixed-size VHDX (LeaveBlockAllocated): it cannot shrink in place; use --output NEW to write a dynamic copy.");
  }
  const basis = await (opts.basis ?? keepBasisFor)(vhdx);
  const census = await surveyBlocks(vhdx, basis.map, { signal: opts.signal, progress: opts.progress });
  let plan = planCompaction(census, fileLayoutOf(vhdx));
  const result = () => ({ sizeBefore: vhdx.fileSize, sizeAfter: plan.inPlace!.truncateTo, plan, moves: plan.inPlace!, basis });
  const p0 = plan.inPlace!;
  if (opts.planOnly || (p0.drops.length === 0 && p0.moves.length === 0 && p0.truncateTo >= vhdx.fileSize)) return result();
  await opts.beforeFirstWrite?.(p0);
  stopIfAborted(opts.signal, "nothing was changed.");

  if (vhdx.hasActiveLog) {
    vhdx = await openVhdx(file, { log: "replay-on-disk" });
    plan = planCompaction(census, fileLayoutOf(vhdx));
  }
  const { drops, moves, truncateTo } = plan.inPlace!;
  // A LogGuid without a valid log sequence marks an empty log (§2.3.3); clear it so the log can be used.
  await updateHeaders(file, { logGuid: ZERO_GUID, ...(drops.length > 0 || (scrub && moves.length > 0) ? { dataWriteGuid: true } : {}) }); // 1
  await commitDrops(file, vhdx, drops); // 2
  await commitMoves(file, vhdx, basis.map, moves, { ...opts, scrub }); // 3
  if (truncateTo < vhdx.fileSize) { // 4
    await file.truncate(truncateTo);
    await file.sync();
  }
  return result();
}
