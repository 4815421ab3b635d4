/**
 * Crash-safe in-place metadata updates through the VHDX log (MS-VHDX §2.3): the primitive the
 * in-place compactor uses to rewrite BAT entries, region tables or metadata.
 *
 * Order of writes and flushes, and what a crash after each step leaves:
 *  1. flush                      — payload the new metadata points at (moved blocks) is stable first.
 *  2. write the log entry, flush — the headers still carry LogGuid 0, so the entry is ignored: old state.
 *     (The entry is written before the header names its LogGuid, so a header never names a log
 *     without a valid entry; §2.3.3 calls such a file corrupt.)
 *  3. headers get a fresh LogGuid (non-current copy, flush, other copy, flush) — from the first
 *     flush on, an open replays the entry: new state.
 *  4. apply the writes to their targets, flush — replaying again is idempotent: new state.
 *  5. headers get LogGuid 0 (two flushed steps) — the targets are stable: new state.
 * @module
 */
import type { BlockFile } from "../io/block_file.ts";
import { DirtyLogError } from "../errors.ts";
import { BAT_ENTRY_SIZE, encodeBatEntry, PayloadBlockState } from "./bat.ts";
import { randomGuid, ZERO_GUID } from "./guid.ts";
import { MiB } from "./header.ts";
import { readCurrentHeader, updateHeaders } from "./header_update.ts";
import { LOG_SECTOR_SIZE, type LogWrite, serializeLogEntry } from "./log_entry.ts";
import type { Vhdx } from "./vhdx.ts";

/** One metadata write: `bytes` go to `fileOffset` (any alignment; merged into 4 KiB sectors). */
export interface MetadataWrite {
  fileOffset: number;
  bytes: Uint8Array;
}

/** Options for {@link writeLogged}. */
export interface LoggedWriteOptions {
  /** Renew DataWriteGuid too: set when the change alters what virtual-disk reads return (§2.2.2). */
  changesVirtualData?: boolean;
}

/** Writes into the identifier or header copies are never logged (§2.2.1, §2.2.2). */
const FIRST_LOGGABLE_OFFSET = 192 * 1024;

/** Merges writes into whole 4 KiB sectors, reading the untouched parts from the file. */
async function toSectors(file: BlockFile, writes: MetadataWrite[]): Promise<Map<number, Uint8Array>> {
  const sectors = new Map<number, Uint8Array>();
  for (const w of writes) {
    if (w.fileOffset < FIRST_LOGGABLE_OFFSET) throw new RangeError(`logged write at ${w.fileOffset} would touch the file identifier or headers`);
    for (let pos = w.fileOffset; pos < w.fileOffset + w.bytes.length;) {
      const start = pos - (pos % LOG_SECTOR_SIZE);
      let sector = sectors.get(start);
      if (!sector) sectors.set(start, sector = await file.read(start, LOG_SECTOR_SIZE));
      const n = Math.min(start + LOG_SECTOR_SIZE, w.fileOffset + w.bytes.length) - pos;
      sector.set(w.bytes.subarray(pos - w.fileOffset, pos - w.fileOffset + n), pos - start);
      pos += n;
    }
  }
  return sectors;
}

/**
 * Applies metadata writes atomically through the log: after a crash at any point the file opens
 * (replaying the log) to either the old or the new state. The file must have an empty log
 * (open it with `log: "replay-on-disk"` first); re-open it afterwards to see the new state.
 * @throws DirtyLogError when the file's log is not empty
 * @throws RangeError when the writes do not fit in one log entry or touch the headers
 */
export async function writeLogged(file: BlockFile, vhdx: Vhdx, writes: MetadataWrite[], opts: LoggedWriteOptions = {}): Promise<void> {
  const { header } = await readCurrentHeader(file);
  if (header.logGuid !== ZERO_GUID || vhdx.hasActiveLog) throw new DirtyLogError("The VHDX log is not empty; open it with log replay on disk before changing it in place.");
  if (header.logLength === 0) throw new RangeError("the VHDX has no log region, so it cannot be changed in place safely");
  const sectors = await toSectors(file, writes);
  const logWrites: LogWrite[] = [...sectors].sort(([a], [b]) => a - b).map(([fileOffset, bytes]) => ({ kind: "data", fileOffset, bytes }));
  const fileSize = await file.size();
  const end = Math.max(fileSize, ...logWrites.map((w) => w.fileOffset + LOG_SECTOR_SIZE));
  const logGuid = randomGuid();
  const entry = serializeLogEntry({
    tail: 0, sequenceNumber: 1n, logGuid,
    flushedFileOffset: Math.floor(fileSize / MiB) * MiB,
    lastFileOffset: Math.ceil(end / MiB) * MiB,
  }, logWrites);
  if (entry.length > header.logLength) throw new RangeError(`${logWrites.length} sectors need a ${entry.length}-byte log entry; the log holds ${header.logLength}`);

  await file.sync(); // 1
  await file.write(header.logOffset, entry); // 2
  await file.sync();
  await updateHeaders(file, { logGuid, ...(opts.changesVirtualData ? { dataWriteGuid: true } : {}) }); // 3
  for (const w of logWrites) if (w.kind === "data") await file.write(w.fileOffset, w.bytes); // 4
  await file.sync();
  await updateHeaders(file, { logGuid: ZERO_GUID }); // 5
}

/**
 * The metadata write that sets payload block `block`'s BAT entry (offset 0 for states without
 * data, as Hyper-V requires). Pass it to {@link writeLogged}.
 */
export function batEntryWrite(vhdx: Vhdx, block: number, state: PayloadBlockState, fileOffset = 0): MetadataWrite {
  if (state !== PayloadBlockState.FullyPresent && fileOffset !== 0) throw new RangeError("only FULLY_PRESENT entries carry a file offset");
  if (state === PayloadBlockState.FullyPresent && fileOffset < MiB) throw new RangeError("a FULLY_PRESENT entry needs a file offset past the header section");
  return { fileOffset: vhdx.regions.bat.fileOffset + vhdx.batEntryIndex(block) * BAT_ENTRY_SIZE, bytes: encodeBatEntry(state, fileOffset) };
}
