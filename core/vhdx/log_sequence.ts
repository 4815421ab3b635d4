/**
 * Finding the active log sequence (MS-VHDX §2.3.2, §2.3.3) in a log region held in memory.
 * The log is a ring: entries may wrap from its end to its start.
 * @module
 */
import { LOG_SECTOR_SIZE, type LogEntry, parseLogEntry, parseLogEntryHeader, plausibleEntryHeader } from "./log_entry.ts";

/** The entries to replay, tail first, and the head entry that decides file-size checks. */
export interface ActiveSequence {
  entries: LogEntry[];
  head: LogEntry;
}

/** Copies `length` bytes of the ring `log` starting at `offset`, wrapping at its end. */
function ringSlice(log: Uint8Array, offset: number, length: number): Uint8Array {
  if (offset + length <= log.length) return log.subarray(offset, offset + length);
  const out = new Uint8Array(length);
  const first = log.length - offset;
  out.set(log.subarray(offset), 0);
  out.set(log.subarray(0, length - first), first);
  return out;
}

function entryAt(log: Uint8Array, offset: number, logGuid: string): LogEntry | null {
  const header = parseLogEntryHeader(log.subarray(offset, offset + LOG_SECTOR_SIZE));
  if (!plausibleEntryHeader(header, log.length, logGuid)) return null;
  return parseLogEntry(ringSlice(log, offset, header.entryLength), log.length, logGuid);
}

interface Run {
  offsets: number[];
  entries: LogEntry[];
  next: number;
}

/** Longest run of valid entries with consecutive sequence numbers starting at `start`. */
function runFrom(log: Uint8Array, start: number, logGuid: string): Run {
  const run: Run = { offsets: [], entries: [], next: start };
  let consumed = 0;
  while (consumed < log.length) {
    const e = entryAt(log, run.next, logGuid);
    const last = run.entries.at(-1);
    if (!e || (last && e.header.sequenceNumber !== last.header.sequenceNumber + 1n)) break;
    run.offsets.push(run.next);
    run.entries.push(e);
    consumed += e.header.entryLength;
    run.next = (run.next + e.header.entryLength) % log.length;
  }
  return run;
}

/**
 * Runs the §2.3.3 search: from every 4 KiB position, the longest run of valid entries with
 * consecutive sequence numbers and the header's LogGuid; a run counts when its head entry's Tail
 * is the start of one of its entries; the run whose head has the highest sequence number wins.
 * @param log the whole log region
 * @param logGuid the current header's LogGuid
 * @returns the entries from the head's tail to the head, or null when no valid sequence exists
 */
export function findActiveSequence(log: Uint8Array, logGuid: string): ActiveSequence | null {
  let best: ActiveSequence | null = null;
  let tail = 0;
  // Each pass moves `tail` forward by at least one sector, so the scan ends within one lap.
  for (let pass = 0; pass <= log.length / LOG_SECTOR_SIZE; pass++) {
    const run = runFrom(log, tail, logGuid);
    const head = run.entries.at(-1);
    const from = head ? run.offsets.indexOf(head.header.tail) : -1;
    if (head && from >= 0 && (!best || head.header.sequenceNumber > best.head.header.sequenceNumber)) {
      best = { entries: run.entries.slice(from), head };
    }
    const oldTail = tail;
    tail = from >= 0 ? run.next : (tail + LOG_SECTOR_SIZE) % log.length;
    if (tail <= oldTail) break;
  }
  return best;
}
