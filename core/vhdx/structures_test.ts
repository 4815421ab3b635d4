import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHeader, serializeHeader } from "./header.ts";
import { parseRegionTableCopy, serializeRegionTable, BAT_REGION_GUID, METADATA_REGION_GUID } from "./region_table.ts";
import { parseDiskParameters, parseMetadataTable, serializeMetadataRegion } from "./metadata.ts";
import { batGeometry, encodeBatEntry, payloadEntryIndex, readBatEntry } from "./bat.ts";
import { parseLogEntry, serializeLogEntry } from "./log_entry.ts";
import { findActiveSequence } from "./log_sequence.ts";
import { randomGuid, readGuid, writeGuid } from "./guid.ts";

const MiB = 1024 * 1024;

test("a GUID string survives the Microsoft mixed-endian byte layout", () => {
  const b = new Uint8Array(16);
  writeGuid(b, 0, BAT_REGION_GUID);
  assert.deepEqual([...b.subarray(0, 4)], [0x66, 0x77, 0xc2, 0x2d]);
  assert.equal(readGuid(b), BAT_REGION_GUID);
});

test("a header round-trips through serialize and parse, and a flipped bit invalidates it", () => {
  const h = { sequenceNumber: 7n, fileWriteGuid: randomGuid(), dataWriteGuid: randomGuid(), logGuid: randomGuid(), logVersion: 0, version: 1, logLength: MiB, logOffset: MiB };
  const bytes = serializeHeader(h);
  assert.deepEqual(parseHeader(bytes), h);
  bytes[100] ^= 1;
  assert.equal(parseHeader(bytes), null);
});

test("a region table round-trips", () => {
  const entries = [{ guid: BAT_REGION_GUID, fileOffset: 3 * MiB, length: MiB, required: true }, { guid: METADATA_REGION_GUID, fileOffset: 2 * MiB, length: MiB, required: true }];
  assert.deepEqual(parseRegionTableCopy(serializeRegionTable(entries)), entries);
});

test("the metadata region round-trips the disk parameters", () => {
  const p = { blockSize: 32 * MiB, leaveBlockAllocated: false, hasParent: false, virtualSize: 2 ** 40, diskId: randomGuid(), logicalSectorSize: 4096 as const, physicalSectorSize: 512 as const };
  const region = serializeMetadataRegion(p);
  const entries = parseMetadataTable(region, region.length);
  assert.deepEqual(parseDiskParameters(entries, (e) => region.subarray(e.offset, e.offset + e.length)), p);
});

test("BAT geometry interleaves one sector-bitmap entry after each chunk", () => {
  const g = batGeometry(4200 * MiB, MiB, 512);
  assert.deepEqual(g, { blockSize: MiB, chunkRatio: 4096, blockCount: 4200, entryCount: 4201 });
  assert.equal(payloadEntryIndex(4095, 4096), 4095);
  assert.equal(payloadEntryIndex(4096, 4096), 4097);
  assert.equal(batGeometry(64 * MiB, 256 * MiB, 512).chunkRatio, 16);
});

test("a BAT entry round-trips offsets beyond 4 GiB", () => {
  const bat = encodeBatEntry(6, 5000 * 4096 * MiB);
  assert.deepEqual(readBatEntry(bat, 0), { state: 6, fileOffset: 5000 * 4096 * MiB, reservedBits: false });
});

const sector = (fill: number) => new Uint8Array(4096).fill(fill);

test("a log entry round-trips data and zero descriptors and rejects a torn data sector", () => {
  const guid = randomGuid();
  const writes = [{ kind: "data" as const, fileOffset: 3 * MiB, bytes: sector(7) }, { kind: "zero" as const, fileOffset: 4 * MiB, length: 8192 }];
  const bytes = serializeLogEntry({ tail: 0, sequenceNumber: 0x1_0000_0002n, logGuid: guid, flushedFileOffset: 5 * MiB, lastFileOffset: 6 * MiB }, writes);
  assert.equal(bytes.length, 8192);
  assert.deepEqual(parseLogEntry(bytes, MiB, guid)?.writes, writes);
  assert.equal(parseLogEntry(bytes, MiB, randomGuid()), null, "another LogGuid");
  bytes[4096 + 100] ^= 1;
  assert.equal(parseLogEntry(bytes, MiB, guid), null);
});

test("the active sequence is the highest head whose tail lies inside its run", () => {
  const guid = randomGuid();
  const log = new Uint8Array(64 * 1024);
  const put = (at: number, seq: bigint, tail: number) => log.set(serializeLogEntry({ tail, sequenceNumber: seq, logGuid: guid, flushedFileOffset: 0, lastFileOffset: 0 },
    [{ kind: "data", fileOffset: MiB, bytes: sector(Number(seq)) }]), at);
  put(0, 10n, 0);
  put(8192, 11n, 0);
  put(24576, 99n, 16384); // highest, but its tail is outside its own run: not a valid sequence
  const active = findActiveSequence(log, guid);
  assert.equal(active?.head.header.sequenceNumber, 11n);
  assert.deepEqual(active?.entries.map((e) => e.header.sequenceNumber), [10n, 11n]);
  put(16384, 98n, 16384);
  assert.deepEqual(findActiveSequence(log, guid)?.entries.map((e) => e.header.sequenceNumber), [98n, 99n]);
  assert.equal(findActiveSequence(new Uint8Array(64 * 1024), guid), null);
});

test("the log search ends on a ring filled by one entry that points to itself", () => {
  const guid = randomGuid();
  const writes = Array.from({ length: 15 }, (_, i) => ({ kind: "data" as const, fileOffset: MiB + i * 4096, bytes: sector(i) }));
  const log = serializeLogEntry({ tail: 0, sequenceNumber: 1n, logGuid: guid, flushedFileOffset: 0, lastFileOffset: 0 }, writes);
  assert.equal(log.length, 64 * 1024);
  assert.equal(findActiveSequence(log, guid)?.entries.length, 1);
});
