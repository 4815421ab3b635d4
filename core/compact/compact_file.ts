/**
 * The shell around the engines: paths, the one-writer hold, the temporary output and its cleanup,
 * the backup. Everything touching the OS goes through {@link DiskFiles}, which a host satisfies.
 * Every writing run holds its disk for the whole run (core/hold/disk_hold.ts); copy mode holds
 * the source against writers and the output's name against a second run. Files meant to be kept
 * are written under `.partial` names and renamed only when whole and checked (kept_files.ts).
 * @module
 */
import { RefusedError, TargetBusyError, UsageError } from "../errors.ts";
import type { BlockFile } from "../io/block_file.ts";
import type { Progress } from "../domain/progress.ts";
import { compactCopy } from "./compact_copy.ts";
import { compactInPlace } from "./compact_in_place.ts";
import type { CompactReport } from "./compact_report.ts";
import type { DiskFiles } from "./disk_files.ts";
import { IMAGE_FORMAT } from "./image_format.ts";
import { planCompaction } from "./plan_compaction.ts";
import { surveyBlocks } from "./survey_blocks.ts";
import { keepBasisFor } from "./used_map_source.ts";
import type { DiskHold } from "../hold/disk_hold.ts";
import { holdDisk } from "../hold/disk_hold.ts";
import { clearLeftoverPartial, keepVerifiedCopy, partialPathFor } from "./kept_files.ts";

/** Options for {@link compactFile}. */
export interface CompactFileOptions {
  /** Copy mode: write the compacted disk here; the source is only read. Absent: in place. */
  output?: string;
  /** Zero free filesystem blocks inside kept blocks (default true). */
  scrub?: boolean;
  /** In place: copy the file to `<file>.bak` first (refused when the volume lacks the space). */
  backup?: boolean;
  /** Plan and report only; write nothing. */
  dryRun?: boolean;
  signal?: AbortSignal;
  progress?: Progress;
  /** When another run holds the disk: wait for it instead of refusing. */
  wait?: boolean;
  /** With `wait`: give up after this many milliseconds (default: no limit). */
  waitTimeoutMs?: number;
}

/** Free space we want beyond the backup's size, so the backup never fills the volume. */
const BACKUP_MARGIN = 64 * 1024 * 1024;

const quietProgress: Progress = { phase() {}, update() {}, note() {} };

/**
 * Where the host cannot hold the file against other programs (no `holdExclusive`), asks whether a
 * running VM or Docker has it open. With `holdExclusive` the hold itself answered that.
 */
async function refuseIfLocked(host: DiskFiles, path: string): Promise<void> {
  if (host.fs.holdExclusive) return;
  if (await host.fs.isLocked(path)) {
    throw new TargetBusyError(`${path} is in use (a running distro or Docker Desktop holds it); run \`wsl --shutdown\` or quit Docker Desktop, then retry.`);
  }
}

function noSpace(e: unknown): boolean {
  return (e as { code?: string })?.code === "ENOSPC";
}

async function closeQuietly(f: BlockFile | undefined): Promise<void> {
  try {
    await f?.close();
  } catch { /* already failing; the first error is the one to report */ }
}

/** Copy mode: temp file beside the output, verify, rename into place; remove the temp on any failure. */
async function compactToCopy(host: DiskFiles, path: string, output: string, opts: CompactFileOptions, notes: string[]): Promise<CompactReport> {
  if (host.path.resolve(output) === host.path.resolve(path)) throw new UsageError("--output must name a new file, not the disk itself; omit --output to compact in place.");
  if (await host.fs.exists(output)) throw new RefusedError(`${output} already exists; choose another --output or delete it first.`);
  const temp = partialPathFor(output);
  let outHold: DiskHold | undefined;
  if (!opts.dryRun) {
    outHold = await holdDisk(host, output, holdOptions(opts));
    notes.push(...outHold.notes);
  }
  let source: BlockFile | undefined;
  let out: BlockFile | undefined;
  let created = false;
  try {
    if (outHold) {
      if (await host.fs.exists(output)) throw new RefusedError(`${output} already exists; choose another --output or delete it first.`);
      await clearLeftoverPartial(host, temp, notes, outHold.tookOver);
    }
    source = await host.fs.open(path, "read");
    const vhdx = await IMAGE_FORMAT.open(source, "replay-in-memory");
    const basis = await keepBasisFor(vhdx);
    const base = { mode: "copy" as const, source: path, output, sizeBefore: vhdx.fileSize, blockSize: vhdx.blockSize, movedBlocks: 0, movedBytes: 0,
      filesystem: { type: basis.report.type, trusted: basis.report.trusted }, keptFiles: [], notes: [...notes, ...(basis.fallbackNote ? [basis.fallbackNote] : [])] };
    if (opts.dryRun) {
      const plan = planCompaction(await surveyBlocks(vhdx, basis.map, { signal: opts.signal, progress: opts.progress }));
      return { ...base, sizeAfter: plan.copySize, keptBlocks: plan.kept.length, droppedBlocks: plan.dropped.length, verifiedBytes: 0, dryRun: true };
    }
    out = await host.fs.open(temp, "create");
    created = true;
    const r = await compactCopy(vhdx, basis.map, out, { scrub: opts.scrub, signal: opts.signal, progress: opts.progress ?? quietProgress });
    await out.close();
    out = undefined;
    await host.fs.rename(temp, output);
    created = false;
    return { ...base, sizeAfter: r.sizeAfter, keptBlocks: r.keptBlocks, droppedBlocks: r.droppedBlocks, verifiedBytes: r.verifiedBytes, dryRun: false };
  } catch (e) {
    await closeQuietly(out);
    // Only a file this run created; an existing one was someone else's (or a checked leftover).
    if (created) await host.fs.remove(temp).catch(() => undefined);
    if (noSpace(e)) throw new RefusedError(`Not enough space for ${output}; free some space or pick another drive (the original is unchanged).`);
    throw e;
  } finally {
    await closeQuietly(source);
    await outHold?.release();
  }
}

async function keepBackup(host: DiskFiles, path: string, file: BlockFile, opts: CompactFileOptions, notes: string[], leftByDeadRun: boolean): Promise<string> {
  const backup = `${path}.bak`;
  if (await host.fs.exists(backup)) throw new RefusedError(`${backup} already exists; move it away or run without --backup.`);
  const size = await file.size();
  const free = await host.fs.freeSpace(host.path.dirname(host.path.resolve(path)));
  if (free < size + BACKUP_MARGIN) {
    throw new RefusedError(`--backup needs ${Math.ceil(size / 2 ** 20)} MiB free next to the disk and only ${Math.floor(free / 2 ** 20)} MiB are; run without --backup (in-place mode is crash-safe) or free space.`);
  }
  return await keepVerifiedCopy(host, file, backup, { signal: opts.signal, progress: opts.progress, notes, leftByDeadRun });
}

/** In-place mode: refusals first, then the optional backup, then the engine. */
async function compactInPlaceFile(host: DiskFiles, path: string, opts: CompactFileOptions, notes: string[], leftByDeadRun: boolean): Promise<CompactReport> {
  const file = await host.fs.open(path, opts.dryRun ? "read" : "write");
  const keptFiles: string[] = [];
  try {
    const r = await compactInPlace(file, {
      scrub: opts.scrub, signal: opts.signal, progress: opts.progress ?? quietProgress, planOnly: opts.dryRun,
      beforeFirstWrite: async () => {
        if (opts.backup) keptFiles.push(await keepBackup(host, path, file, opts, notes, leftByDeadRun));
      },
    });
    return {
      mode: "in-place", source: path, sizeBefore: r.sizeBefore, sizeAfter: r.sizeAfter, blockSize: r.plan.blockSize,
      keptBlocks: r.plan.kept.length, droppedBlocks: r.moves.drops.length, movedBlocks: r.moves.moves.length,
      movedBytes: r.moves.movedBytes, verifiedBytes: 0,
      filesystem: { type: r.basis.report.type, trusted: r.basis.report.trusted },
      keptFiles, notes: [...notes, ...(r.basis.fallbackNote ? [r.basis.fallbackNote] : [])], dryRun: Boolean(opts.dryRun),
    };
  } catch (e) {
    if (noSpace(e)) throw new RefusedError(`The volume ran out of space while keeping the backup; the disk is unchanged.`);
    throw e;
  } finally {
    await file.close();
  }
}

function holdOptions(opts: CompactFileOptions) {
  return { wait: opts.wait, waitTimeoutMs: opts.waitTimeoutMs, progress: opts.progress, signal: opts.signal };
}

/**
 * Compacts the VHDX at `path`: into a new file when `opts.output` is set, else in place.
 * A writing run first holds the disk (against writers in copy mode) for its whole length: a
 * second run refuses with `DiskHeldError`, or waits with `opts.wait`. A dry run takes no hold.
 * @throws DiskHeldError, TargetBusyError, UntrustedFilesystemError, RefusedError, InvalidImageError, InterruptedError
 * @example
 * const report = await compactFile(host, "ext4.vhdx", { output: "small.vhdx" });
 */
export async function compactFile(host: DiskFiles, path: string, opts: CompactFileOptions = {}): Promise<CompactReport> {
  if (!(await host.fs.stat(path))) throw new UsageError(`${path} does not exist; check the path.`);
  const notes: string[] = [];
  const hold = opts.dryRun ? undefined : await holdDisk(host, path, { ...holdOptions(opts), exclusive: true });
  try {
    notes.push(...(hold?.notes ?? []));
    await refuseIfLocked(host, path);
    return opts.output !== undefined ? await compactToCopy(host, path, opts.output, opts, notes) : await compactInPlaceFile(host, path, opts, notes, hold?.tookOver ?? false);
  } finally {
    await hold?.release();
  }
}
