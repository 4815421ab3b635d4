/**
 * Updating the two headers safely (MS-VHDX §2.2.2.1): write the non-current copy with
 * SequenceNumber + 1, flush, then the other copy with + 2, flush. A crash leaves one valid
 * header, old or new, and the reader picks it by sequence number.
 * @module
 */
import type { BlockFile } from "../io/block_file.ts";
import { type Header, HEADER_OFFSETS, HEADER_SIZE, parseHeader, selectCurrentHeader, serializeHeader } from "./header.ts";
import { randomGuid } from "./guid.ts";

/** Fields a header update may change; FileWriteGuid is always renewed. */
export interface HeaderChange {
  /** New DataWriteGuid; pass `true` for a fresh random one (before a change reads could observe). */
  dataWriteGuid?: string | true;
  /** New LogGuid (the zero GUID marks the log empty). */
  logGuid?: string;
}

/** Reads both header copies from the file and returns the current one. */
export async function readCurrentHeader(file: BlockFile) {
  const [a, b] = await Promise.all(HEADER_OFFSETS.map((o) => file.read(o, HEADER_SIZE)));
  return selectCurrentHeader(parseHeader(a), parseHeader(b));
}

/**
 * Applies `change` to both headers with the two-step, flush-ordered procedure and a new
 * FileWriteGuid (required before the first modification of an open, §2.2.2).
 * @returns the header now current on disk
 */
export async function updateHeaders(file: BlockFile, change: HeaderChange = {}): Promise<Header> {
  const current = await readCurrentHeader(file);
  const next: Header = {
    ...current.header,
    fileWriteGuid: randomGuid(),
    dataWriteGuid: change.dataWriteGuid === true ? randomGuid() : change.dataWriteGuid ?? current.header.dataWriteGuid,
    logGuid: change.logGuid ?? current.header.logGuid,
  };
  const other = current.index === 0 ? 1 : 0;
  // Non-current copy first: until this flush completes the old current header still validates.
  const first = { ...next, sequenceNumber: current.header.sequenceNumber + 1n };
  await file.write(HEADER_OFFSETS[other], serializeHeader(first));
  await file.sync();
  // Then the old copy, so both hold the new state and a torn sector cannot lose it.
  const second = { ...next, sequenceNumber: current.header.sequenceNumber + 2n };
  await file.write(HEADER_OFFSETS[current.index], serializeHeader(second));
  await file.sync();
  return second;
}

/**
 * Changes the header GUIDs: always FileWriteGuid, and DataWriteGuid when `dataWrite` is set.
 * Call with `dataWrite: true` before any change a virtual-disk read could observe.
 */
export function updateHeaderGuids(file: BlockFile, opts: { dataWrite?: boolean } = {}): Promise<Header> {
  return updateHeaders(file, opts.dataWrite ? { dataWriteGuid: true } : {});
}
