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
 *     (`commitBlockMap`, VHDX's `writeLogged`: flush, log entry, flush, header LogGuid, apply,
 *     flush, LogGuid 0). Once committed, the dropped spans are referenced by nothing and may be
 *     overwritten.
 *  3. Moves, in batches: copy each block into a hole (a span no entry references), flush, then
 *     switch its BAT entry to the hole through the log. Before the switch commits, the old copy
 *     is still the one referenced and untouched; after it, the new copy is stable. Sources are
 *     never used as holes, so no old copy is overwritten at all.
 *  4. Truncate after the last occupied byte, flush: only spans no entry references are cut.
 * The format's side of each step (headers, BAT, log) sits behind `ImageUpdate` (core/disk); the VHDX
 * one is core/vhdx/vhdx_format.ts.
 * @module
 */
import { RefusedError } from "../errors.ts";
import type { UsedBlockMap } from "../disk/used_block_map.ts";
import { type BlockFile, readIntoOrCopy } from "../io/block_file.ts";
import type { Progress } from "../domain/progress.ts";
import type { DiskImage, ImageUpdate } from "../disk/disk_image.ts";
import { stopIfAborted } from "./abort.ts";
import { blockWindow, scrubOutside, usedRangesIn } from "./block_bytes.ts";
import { IMAGE_FORMAT } from "./image_format.ts";
import { type CompactionPlan, planCompaction } from "./plan_compaction.ts";
import type { BlockMove, InPlacePlan } from "./plan_in_place.ts";
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
  /** Where the keep decision comes from (default: the filesystem readers, see {@link keepBasisFor}). */
  basis?: (image: DiskImage) => Promise<KeepBasis>;
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
async function readMoved(file: BlockFile, vhdx: DiskImage, map: UsedBlockMap | null, move: BlockMove, scrub: boolean, buffer: Uint8Array): Promise<Uint8Array> {
  await readIntoOrCopy(file, move.from, buffer);
  if (!scrub || !map) return buffer;
  const [start, end] = blockWindow(move.block, vhdx.blockSize, vhdx.virtualSize);
  // Bytes past the end of the virtual disk (a partial last block) are left as they are.
  scrubOutside(buffer.subarray(0, end - start), start, usedRangesIn(map, [start, end]));
  return buffer;
}

/** Step 2: drops, committed through the log in entries that fit it. */
async function commitDrops(update: ImageUpdate, drops: number[]): Promise<void> {
  for (const batch of update.groupForCommit(drops, (b) => b)) {
    await update.commitBlockMap(batch.map((block) => ({ block, fileOffset: null })));
  }
}

/** Step 3: copy into holes, flush, switch the entries through the log; batch by batch. */
async function commitMoves(file: BlockFile, update: ImageUpdate, map: UsedBlockMap | null, moves: BlockMove[], opts: InPlaceOptions): Promise<void> {
  const vhdx = update.image;
  const perBatch = Math.max(1, Math.floor(MOVE_BATCH_BYTES / vhdx.blockSize));
  let committed = 0, copied = 0;
  const buffer = new Uint8Array(vhdx.blockSize);
  opts.progress?.phase(`move ${moves.length} blocks`, moves.length * vhdx.blockSize);
  for (const batch of update.groupForCommit(moves, (m) => m.block, perBatch)) {
    for (const m of batch) {
      stopIfAborted(opts.signal, pendingState(committed, moves.length));
      await file.write(m.to, await readMoved(file, vhdx, map, m, opts.scrub ?? true, buffer));
      opts.progress?.update(copied += vhdx.blockSize);
    }
    await file.sync();
    await update.commitBlockMap(batch.map((m) => ({ block: m.block, fileOffset: m.to })));
    committed += batch.length;
  }
}

/**
 * Compacts the disk image in `file` (opened read-write) in place. Refusals (untrusted filesystem, fixed
 * disk) happen before the first write.
 * @throws UntrustedFilesystemError, RefusedError, InvalidImageError before anything is written
 * @throws InterruptedError when `signal` fires (the file is consistent; running again finishes)
 * @example
 * const result = await compactInPlace(await openBlockFile("ext4.vhdx", "write"));
 */
export async function compactInPlace(file: BlockFile, opts: InPlaceOptions = {}): Promise<InPlaceResult> {
  const scrub = opts.scrub ?? true;
  let update = await IMAGE_FORMAT.openForUpdate(file);
  const vhdx = update.image;
  if (update.fixedSize) {
    throw new RefusedError("This is a fixed-size VHDX (LeaveBlockAllocated): it cannot shrink in place; use --output NEW to write a dynamic copy.");
  }
  const basis = await (opts.basis ?? keepBasisFor)(vhdx);
  const census = await surveyBlocks(vhdx, basis.map, { signal: opts.signal, progress: opts.progress });
  let plan = planCompaction(census, vhdx.fileLayout());
  const result = () => ({ sizeBefore: update.image.fileSize, sizeAfter: plan.inPlace!.truncateTo, plan, moves: plan.inPlace!, basis });
  const p0 = plan.inPlace!;
  if (opts.planOnly || (p0.drops.length === 0 && p0.moves.length === 0 && p0.truncateTo >= vhdx.fileSize)) return result();
  await opts.beforeFirstWrite?.(p0);
  stopIfAborted(opts.signal, "nothing was changed.");

  if (update.journalPending) {
    update = await update.replayJournal();
    plan = planCompaction(census, update.image.fileLayout());
  }
  const { drops, moves, truncateTo } = plan.inPlace!;
  await update.markWriting(drops.length > 0 || (scrub && moves.length > 0)); // 1
  await commitDrops(update, drops); // 2
  await commitMoves(file, update, basis.map, moves, { ...opts, scrub }); // 3
  if (truncateTo < update.image.fileSize) { // 4
    await file.truncate(truncateTo);
    await file.sync();
  }
  return result();
}
