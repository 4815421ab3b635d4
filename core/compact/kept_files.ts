/**
 * Files a run means to keep (the in-place backup, the copy-mode output) are written under a
 * temporary name `<final>.partial`, flushed, checked, and only then renamed: a file under its
 * final name is always whole. A `.partial` left by an interrupted run is recognised here and
 * replaced with a one-line note; a run removes only files it created itself.
 * @module
 */
import { RefusedError } from "../errors.ts";
import type { BlockFile } from "../io/block_file.ts";
import type { Progress } from "../domain/progress.ts";
import { IMAGE_FORMAT } from "./image_format.ts";
import { stopIfAborted } from "./abort.ts";
import type { DiskFiles } from "./disk_files.ts";

/** The temporary name of a file that becomes `final` once whole. */
export function partialPathFor(final: string): string {
  return `${final}.partial`;
}

/** Copy chunk size of a backup. */
const CHUNK = 8 * 1024 * 1024;

const MiB = 1024 * 1024;

/**
 * True when `path` looks like a partial VHDX of ours: empty (killed before its first write) or
 * starting with the VHDX signature (a backup copy; a new VHDX gets its identifier only at the end,
 * core/vhdx/create_vhdx.ts). Only asked under the one-writer hold of the file it belongs to, so no
 * live run is writing it.
 */
async function looksLikeOurPartial(files: DiskFiles, path: string): Promise<boolean> {
  const f = await files.fs.open(path, "read");
  try {
    const size = await f.size();
    if (size === 0) return true;
    // "vhdxfile" at offset 0 (MS-VHDX §2.2.1): every VHDX, the copy's output and a disk's backup.
    return size >= 8 && IMAGE_FORMAT.hasSignature(await f.read(0, 8));
  } finally {
    await f.close();
  }
}

/**
 * Removes a `.partial` an interrupted run left at `partial`, with a note; refuses one that is not
 * ours. Call it only while holding the file it belongs to (core/hold/disk_hold.ts): it is ours
 * when that hold was taken over from a dead vhdx-shrink run (`leftByDeadRun`), or by its contents.
 */
export async function clearLeftoverPartial(files: DiskFiles, partial: string, notes: string[], leftByDeadRun = false): Promise<void> {
  const info = await files.fs.stat(partial);
  if (!info) return;
  if (!leftByDeadRun && !(await looksLikeOurPartial(files, partial))) {
    throw new RefusedError(`${partial} exists and is not an unfinished vhdx-shrink file; move it away and retry (nothing was changed).`);
  }
  await files.fs.remove(partial);
  notes.push(`removed ${partial} (${(info.size / MiB).toFixed(1)} MiB), left unfinished by an interrupted run`);
}

async function closeQuietly(f: BlockFile | undefined): Promise<void> {
  await f?.close().catch(() => undefined);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Options of {@link keepVerifiedCopy}. */
export interface KeepCopyOptions {
  signal?: AbortSignal;
  progress?: Progress;
  /** One-line notes for the report (a leftover replaced). */
  notes: string[];
  /** The disk's hold was taken over from a dead run, so a leftover `.partial` is that run's. */
  leftByDeadRun?: boolean;
}

/**
 * Copies `source` (already open) to `final`: into `final.partial`, flushed, compared byte for byte
 * with the source, then renamed. On any failure the partial file (created by this call) is removed
 * and `final` never exists. Refuses an existing `final`.
 */
export async function keepVerifiedCopy(files: DiskFiles, source: BlockFile, final: string, opts: KeepCopyOptions): Promise<string> {
  if (await files.fs.exists(final)) throw new RefusedError(`${final} already exists; move it away or run without --backup.`);
  const temp = partialPathFor(final);
  await clearLeftoverPartial(files, temp, opts.notes, opts.leftByDeadRun);
  const size = await source.size();
  let out: BlockFile | undefined = await files.fs.open(temp, "create");
  let created = true;
  try {
    opts.progress?.phase("keep a backup copy", 2 * size);
    for (let o = 0; o < size; o += CHUNK) {
      stopIfAborted(opts.signal, "stopped while keeping the backup; the disk is unchanged and no backup was kept");
      await out.write(o, await source.read(o, Math.min(CHUNK, size - o)));
      opts.progress?.update(o + Math.min(CHUNK, size - o));
    }
    await out.sync();
    await out.close();
    out = await files.fs.open(temp, "read");
    if ((await out.size()) !== size) throw new RefusedError(`the backup ${temp} came out at a different size than the disk; the disk is unchanged.`);
    for (let o = 0; o < size; o += CHUNK) {
      const n = Math.min(CHUNK, size - o);
      if (!sameBytes(await out.read(o, n), await source.read(o, n))) {
        throw new RefusedError(`the backup ${temp} differs from the disk at byte ${o} after writing; the disk is unchanged (check the drive).`);
      }
      opts.progress?.update(size + o + n);
    }
    await out.close();
    out = undefined;
    await files.fs.rename(temp, final);
    created = false;
    return final;
  } finally {
    await closeQuietly(out);
    if (created) await files.fs.remove(temp).catch(() => undefined);
  }
}
