import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import { MemoryBlockFile } from "../../core/io/block_file.ts";
import { InvalidImageError } from "../../core/errors.ts";
import { openVhdx } from "../../core/vhdx/mod.ts";
import type { Vhdx } from "../../core/vhdx/mod.ts";
import { randomGuid, writeGuid } from "../../core/vhdx/guid.ts";
import { sealChecksum } from "../../core/vhdx/header.ts";
import { encodeBatEntry } from "../../core/vhdx/bat.ts";
import { serializeLogEntry } from "../../core/vhdx/log_entry.ts";
import { FILE_PARAMETERS_GUID, LOGICAL_SECTOR_SIZE_GUID, PARENT_LOCATOR_GUID, VIRTUAL_DISK_SIZE_GUID } from "../../core/vhdx/metadata.ts";
import { mustRun, withTempDir } from "../support/tools.ts";
import { hashVirtual, makeRawImage, MiB } from "./fixtures.ts";

const H1 = 64 * 1024, H2 = 128 * 1024, R1 = 192 * 1024, R2 = 256 * 1024;
type Bytes = Uint8Array;
const dv = (b: Bytes) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const resealHeader = (b: Bytes, at: number) => sealChecksum(b.subarray(at, at + 4096));
const resealRegion = (b: Bytes, at: number) => sealChecksum(b.subarray(at, at + 64 * 1024));
/** Edits both header copies and re-seals them, so the semantic check (not the CRC) must catch it. */
const bothHeaders = (b: Bytes, edit: (at: number) => void) => { for (const at of [H1, H2]) { edit(at); resealHeader(b, at); } };
const bothRegions = (b: Bytes, edit: (at: number) => void) => { for (const at of [R1, R2]) { edit(at); resealRegion(b, at); } };
const itemAt = (v: Vhdx, id: string) => v.regions.metadata.fileOffset + v.metadataEntries.find((e) => e.itemId === id)!.offset;
const entryAt = (v: Vhdx, id: string) => v.regions.metadata.fileOffset + 32 + 32 * v.metadataEntries.findIndex((e) => e.itemId === id);
const batAt = (v: Vhdx, block: number) => v.regions.bat.fileOffset + v.batEntryIndex(block) * 8;
const regionEntryAt = (v: Vhdx, at: number, guid: string) => at + 16 + 32 * v.regions.entries.findIndex((e) => e.guid === guid);

/** Each case mutates a good qemu-made file (or returns a new byte array) and names what the message must mention. */
const CASES: { name: string; mutate: (b: Bytes, v: Vhdx) => Bytes | void; message: RegExp }[] = [
  { name: "missing file signature", mutate: (b) => { b[0] = 0; }, message: /vhdxfile/ },
  { name: "file shorter than the header section", mutate: (b) => b.slice(0, 500 * 1024), message: /smaller than the 1 MiB/ },
  { name: "empty file", mutate: () => new Uint8Array(0), message: /0 bytes/ },
  { name: "both headers zeroed", mutate: (b) => { b.fill(0, H1, H1 + 4096); b.fill(0, H2, H2 + 4096); }, message: /both headers/ },
  { name: "a byte flipped in both headers", mutate: (b) => { b[H1 + 100] ^= 1; b[H2 + 200] ^= 1; }, message: /both headers/ },
  { name: "header version 2", mutate: (b) => bothHeaders(b, (at) => dv(b).setUint16(at + 66, 2, true)), message: /version/ },
  { name: "log offset not 1 MiB aligned", mutate: (b) => bothHeaders(b, (at) => dv(b).setBigUint64(at + 72, 1234567n, true)), message: /1 MiB/ },
  { name: "log region past the end of the file", mutate: (b) => bothHeaders(b, (at) => dv(b).setBigUint64(at + 72, 1n << 40n, true)), message: /log region/ },
  { name: "both region tables corrupt", mutate: (b) => { b[R1 + 40] ^= 1; b[R2 + 40] ^= 1; }, message: /both region tables/ },
  { name: "huge region entry count", mutate: (b) => bothRegions(b, (at) => dv(b).setUint32(at + 8, 0xffffffff, true)), message: /both region tables/ },
  { name: "unknown required region", mutate: (b, v) => bothRegions(b, (at) => { const e = at + 16 + 32 * v.regions.entries.length; writeGuid(b, e, randomGuid()); dv(b).setBigUint64(e + 16, 20n * BigInt(MiB), true); dv(b).setUint32(e + 24, MiB, true); dv(b).setUint32(e + 28, 1, true); dv(b).setUint32(at + 8, v.regions.entries.length + 1, true); }), message: /requires region/ },
  { name: "BAT region past the end of the file", mutate: (b, v) => bothRegions(b, (at) => dv(b).setBigUint64(regionEntryAt(v, at, v.regions.bat.guid) + 16, 1n << 30n, true)), message: /past the end/ },
  { name: "BAT region overlapping the metadata region", mutate: (b, v) => bothRegions(b, (at) => dv(b).setBigUint64(regionEntryAt(v, at, v.regions.bat.guid) + 16, BigInt(v.regions.metadata.fileOffset), true)), message: /overlap/ },
  { name: "metadata region missing", mutate: (b, v) => bothRegions(b, (at) => writeGuid(b, regionEntryAt(v, at, v.regions.metadata.guid), randomGuid())), message: /lacks the BAT or the metadata/ },
  { name: "metadata table signature broken", mutate: (b, v) => { b[v.regions.metadata.fileOffset] ^= 0xff; }, message: /metadata table signature/ },
  { name: "huge metadata entry count", mutate: (b, v) => dv(b).setUint16(v.regions.metadata.fileOffset + 10, 0xffff, true), message: /entries/ },
  { name: "metadata item outside the region", mutate: (b, v) => dv(b).setUint32(entryAt(v, VIRTUAL_DISK_SIZE_GUID) + 16, 0xfffffff0, true), message: /outside the metadata region/ },
  { name: "metadata item longer than 1 MiB", mutate: (b, v) => dv(b).setUint32(entryAt(v, VIRTUAL_DISK_SIZE_GUID) + 20, 2 * MiB, true), message: /at most 1 MiB/ },
  { name: "unknown required metadata item", mutate: (b, v) => writeGuid(b, entryAt(v, LOGICAL_SECTOR_SIZE_GUID), randomGuid()), message: /requires metadata item/ },
  { name: "known item missing", mutate: (b, v) => { dv(b).setUint32(entryAt(v, LOGICAL_SECTOR_SIZE_GUID) + 24, 0, true); writeGuid(b, entryAt(v, LOGICAL_SECTOR_SIZE_GUID), randomGuid()); }, message: /missing/ },
  { name: "parent locator (differencing disk)", mutate: (b, v) => writeGuid(b, entryAt(v, LOGICAL_SECTOR_SIZE_GUID), PARENT_LOCATOR_GUID), message: /differencing/ },
  { name: "HasParent set", mutate: (b, v) => dv(b).setUint32(itemAt(v, FILE_PARAMETERS_GUID) + 4, 2, true), message: /differencing/ },
  { name: "block size 3 MiB", mutate: (b, v) => dv(b).setUint32(itemAt(v, FILE_PARAMETERS_GUID), 3 * MiB, true), message: /block size/ },
  { name: "block size 512 MiB", mutate: (b, v) => dv(b).setUint32(itemAt(v, FILE_PARAMETERS_GUID), 512 * MiB, true), message: /block size/ },
  { name: "logical sector size 1024", mutate: (b, v) => dv(b).setUint32(itemAt(v, LOGICAL_SECTOR_SIZE_GUID), 1024, true), message: /logical sector size/ },
  { name: "virtual size zero", mutate: (b, v) => dv(b).setBigUint64(itemAt(v, VIRTUAL_DISK_SIZE_GUID), 0n, true), message: /virtual disk size/ },
  { name: "virtual size 2^60", mutate: (b, v) => dv(b).setBigUint64(itemAt(v, VIRTUAL_DISK_SIZE_GUID), 1n << 60n, true), message: /virtual disk size/ },
  { name: "virtual size too big for the BAT region", mutate: (b, v) => dv(b).setBigUint64(itemAt(v, VIRTUAL_DISK_SIZE_GUID), 1n << 40n, true), message: /BAT region holds/ },
  { name: "BAT entry past the end of the file", mutate: (b, v) => b.set(encodeBatEntry(6, 4096 * MiB), batAt(v, 5)), message: /past the end/ },
  { name: "BAT entry into the metadata region", mutate: (b, v) => b.set(encodeBatEntry(6, v.regions.metadata.fileOffset), batAt(v, 5)), message: /overlaps the region/ },
  { name: "BAT entry into the log", mutate: (b, v) => b.set(encodeBatEntry(6, v.header.logOffset), batAt(v, 5)), message: /overlaps the log/ },
  { name: "BAT entry into the header section", mutate: (b, v) => b.set(encodeBatEntry(6, 0), batAt(v, 5)), message: /header section/ },
  { name: "two BAT entries at the same MiB", mutate: (b, v) => b.set(encodeBatEntry(6, v.blockFileOffset(0)), batAt(v, 5)), message: /overlap/ },
  { name: "PARTIALLY_PRESENT in a dynamic disk", mutate: (b, v) => b.set(encodeBatEntry(7, v.blockFileOffset(0)), batAt(v, 0)), message: /PARTIALLY_PRESENT/ },
  { name: "reserved BAT state 4", mutate: (b, v) => b.set(encodeBatEntry(4, 0), batAt(v, 3)), message: /state 4/ },
  { name: "file truncated inside a payload block", mutate: (b) => b.slice(0, b.length - 4096), message: /past the end/ },
  { name: "log write aimed at the headers", mutate: (b, v) => {
    const guid = randomGuid();
    b.set(serializeLogEntry({ logGuid: guid, tail: 0, sequenceNumber: 1n, flushedFileOffset: MiB, lastFileOffset: b.length }, [{ kind: "zero", fileOffset: H1, length: 4096 }]), v.header.logOffset);
    bothHeaders(b, (at) => writeGuid(b, at + 48, guid));
  }, message: /outside the file's structures/ },
];

/** Cases that look damaged but must still open, with the same contents. */
const TOLERATED: { name: string; mutate: (b: Bytes, v: Vhdx) => void }[] = [
  { name: "first header zeroed", mutate: (b) => b.fill(0, H1, H1 + 4096) },
  { name: "second header has a bad checksum", mutate: (b) => { b[H2 + 300] ^= 1; } },
  { name: "identical headers with equal sequence numbers", mutate: (b) => b.copyWithin(H2, H1, H1 + 4096) },
  { name: "first region table corrupt (falls back to the second)", mutate: (b) => { b[R1 + 20] ^= 1; } },
  { name: "garbage in a sector-bitmap entry of a dynamic disk", mutate: (b, v) => b.set(encodeBatEntry(6, v.blockFileOffset(0)), v.regions.bat.fileOffset + v.geometry.chunkRatio * 8) },
  { name: "LogGuid set with an empty log", mutate: (b) => bothHeaders(b, (at) => writeGuid(b, at + 48, randomGuid())) },
];

let cached: Promise<Bytes> | undefined;
/** The qemu-made image every case starts from (made once per file). */
function goodImage(): Promise<Bytes> {
  cached ??= makeGoodImage();
  return cached.then((b) => b.slice());
}

/** Hash of the two data extents of the good image (hashing all 4200 MiB per case would be slow). */
async function dataHash(v: Vhdx): Promise<string> {
  return (await hashVirtual({ size: 3 * MiB, logicalSectorSize: 512, readAt: (o, n) => v.readAt(o, n) })) +
    (await hashVirtual({ size: MiB, logicalSectorSize: 512, readAt: (o, n) => v.readAt(4100 * MiB + o, n) }));
}

async function makeGoodImage(): Promise<Bytes> {
  return await withTempDir(async (dir) => {
    const raw = join(dir, "s.raw"), vhdx = join(dir, "s.vhdx");
    // 4200 MiB virtual with 1 MiB blocks: more than one chunk (chunk ratio 4096), so sector-bitmap entries exist.
    await makeRawImage(raw, 4200 * MiB, [{ offset: 0, length: 3 * MiB }, { offset: 4100 * MiB, length: MiB }]);
    mustRun("qemu-img", ["convert", "-f", "raw", "-O", "vhdx", "-o", "block_size=1M", raw, vhdx]);
    return new Uint8Array(await readFile(vhdx));
  });
}

test("every corruption is refused with a one-line InvalidImageError naming the problem", { timeout: 60_000 }, async (t) => {
  const good = await goodImage();
  const v = await openVhdx(new MemoryBlockFile(good.slice()));
  for (const c of CASES) {
    await t.test(c.name, { timeout: 5_000 }, async () => {
      const bytes = good.slice();
      const mutated = c.mutate(bytes, v) ?? bytes;
      await assert.rejects(openVhdx(new MemoryBlockFile(mutated)), (e: Error) => {
        assert.ok(e instanceof InvalidImageError, `${c.name}: got ${e.name}: ${e.message}`);
        assert.match(e.message, c.message);
        assert.ok(!e.message.includes("\n"), "one line");
        return true;
      });
    });
  }
});

test("damage the format tolerates still opens with unchanged contents", async (t) => {
  const good = await goodImage();
  const v = await openVhdx(new MemoryBlockFile(good.slice()));
  const expected = await dataHash(v);
  for (const c of TOLERATED) {
    await t.test(c.name, async () => {
      const bytes = good.slice();
      c.mutate(bytes, v);
      const opened = await openVhdx(new MemoryBlockFile(bytes));
      assert.equal(await dataHash(opened), expected);
      assert.equal(opened.allocatedBytes(), v.allocatedBytes());
    });
  }
});

test("random byte flips anywhere in the metadata never cause anything but InvalidImageError or a clean open", async () => {
  const good = await goodImage();
  const v = await openVhdx(new MemoryBlockFile(good.slice()));
  const spans = [[0, 320 * 1024], [v.regions.metadata.fileOffset, 70 * 1024], [v.regions.bat.fileOffset, 64 * 1024]];
  let x = 12345;
  for (let i = 0; i < 300; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const [start, len] = spans[i % spans.length];
    const bytes = good.slice();
    bytes[start + (x % len)] ^= 1 << (x >>> 29);
    try {
      const opened = await openVhdx(new MemoryBlockFile(bytes));
      await opened.readAt(0, 4096);
    } catch (e) {
      assert.ok(e instanceof InvalidImageError, `flip ${i}: ${(e as Error).stack}`);
    }
  }
});
