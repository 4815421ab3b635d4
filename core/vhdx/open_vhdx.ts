/**
 * Opening a VHDX: validate the header section, handle an unreplayed log, read the metadata and
 * the BAT, and check that every present block lies where it may.
 * @module
 */
import type { BlockFile } from "../io/block_file.ts";
import { DirtyLogError, InvalidImageError } from "../errors.ts";
import { BAT_ENTRY_SIZE, batGeometry, type ReservedSpan, validateBat } from "./bat.ts";
import { ZERO_GUID } from "./guid.ts";
import { hasFileSignature, HEADER_OFFSETS, HEADER_SECTION_SIZE, HEADER_SIZE, parseHeader, selectCurrentHeader, validateHeader } from "./header.ts";
import { updateHeaders } from "./header_update.ts";
import { applyReplay, planReplay, ReplayOverlayFile } from "./log_replay.ts";
import { ITEM_IS_USER, KNOWN_ITEM_IDS, METADATA_TABLE_SIZE, parseDiskParameters, parseMetadataTable } from "./metadata.ts";
import { parseRegionTableCopy, REGION_TABLE_OFFSETS, REGION_TABLE_SIZE, resolveRegionTable } from "./region_table.ts";
import { type Vhdx, VhdxImage } from "./vhdx.ts";

/** What to do with an unreplayed log. */
export type LogPolicy = "replay-in-memory" | "replay-on-disk" | "refuse";

/** Options for {@link openVhdx}. */
export interface OpenVhdxOptions {
  /** Default "replay-in-memory": reads see the replayed state, the file is not written. */
  log?: LogPolicy;
}

/** Largest BAT this tool loads: a 64 TiB disk with 1 MiB blocks (§2.6.2.2 bounds). */
const MAX_BAT_BYTES = 512 * 1024 * 1024 + 64 * 1024 * 1024;

async function readHeaderSection(file: BlockFile, fileSize: number) {
  const section = await file.read(0, REGION_TABLE_OFFSETS[1] + REGION_TABLE_SIZE);
  if (!hasFileSignature(section)) throw new InvalidImageError("Not a VHDX file: the \"vhdxfile\" signature is missing at offset 0; check the path.");
  const at = (o: number, n: number) => section.subarray(o, o + n);
  const current = selectCurrentHeader(parseHeader(at(HEADER_OFFSETS[0], HEADER_SIZE)), parseHeader(at(HEADER_OFFSETS[1], HEADER_SIZE)));
  validateHeader(current.header, fileSize);
  const regions = resolveRegionTable(parseRegionTableCopy(at(REGION_TABLE_OFFSETS[0], REGION_TABLE_SIZE)),
    parseRegionTableCopy(at(REGION_TABLE_OFFSETS[1], REGION_TABLE_SIZE)), fileSize);
  return { current, regions };
}

/**
 * Opens and validates a VHDX file. An unreplayed log (LogGuid set and a valid active sequence,
 * MS-VHDX §2.3.3) is replayed in memory, replayed onto the file, or refused, per `opts.log`.
 * @throws InvalidImageError for anything malformed or unsupported (one-line message)
 * @throws DirtyLogError when the log needs replay and `opts.log` is "refuse"
 * @example
 * const vhdx = await openVhdx(await openBlockFile("ext4.vhdx", "read"));
 * const firstSector = await vhdx.readAt(0, vhdx.logicalSectorSize);
 */
export async function openVhdx(file: BlockFile, opts: OpenVhdxOptions = {}): Promise<Vhdx> {
  const policy = opts.log ?? "replay-in-memory";
  let fileSize = await file.size();
  if (fileSize < HEADER_SECTION_SIZE) throw new InvalidImageError(`Not a usable VHDX: the file is only ${fileSize} bytes, smaller than the 1 MiB header section; it is truncated or not a VHDX.`);
  let source = file;
  let hasActiveLog = false;
  const { current } = await readHeaderSection(file, fileSize);
  if (current.header.logGuid !== ZERO_GUID) {
    const plan = await planReplay(file, current.header, fileSize);
    if (plan && policy === "refuse") throw new DirtyLogError("The VHDX has an unreplayed log (it was not closed cleanly); attach it once in WSL/Hyper-V or allow log replay, then retry.");
    if (plan && policy === "replay-in-memory") {
      source = new ReplayOverlayFile(file, plan);
      hasActiveLog = true;
    } else if (plan) {
      // FileWriteGuid must change before the first modification, log playback included (§2.2.2).
      await updateHeaders(file);
      await applyReplay(file, plan);
      await updateHeaders(file, { logGuid: ZERO_GUID });
    }
    fileSize = await source.size();
  }
  // The log may have rewritten the region tables, so read the header section again through `source`.
  const { current: header, regions } = await readHeaderSection(source, fileSize);
  const meta = regions.metadata;
  const table = await source.read(meta.fileOffset, METADATA_TABLE_SIZE);
  const metadataEntries = parseMetadataTable(table, meta.length);
  // Known items are at most 16 bytes; read only those (parseMetadataTable checked they exist).
  const items = new Map<string, Uint8Array>();
  for (const e of metadataEntries) if (KNOWN_ITEM_IDS.has(e.itemId) && !(e.flags & ITEM_IS_USER)) items.set(e.itemId, await source.read(meta.fileOffset + e.offset, Math.min(e.length, 16)));
  const params = parseDiskParameters(metadataEntries, (e) => items.get(e.itemId)!);
  const geometry = batGeometry(params.virtualSize, params.blockSize, params.logicalSectorSize);
  const batBytes = geometry.entryCount * BAT_ENTRY_SIZE;
  if (batBytes > regions.bat.length) throw new InvalidImageError(`Not a usable VHDX: the BAT region holds ${regions.bat.length / 8} entries but the disk size needs ${geometry.entryCount}; the file is corrupt.`);
  if (batBytes > MAX_BAT_BYTES) throw new InvalidImageError("Not a usable VHDX: the BAT is larger than any valid disk needs; the file is corrupt.");
  const bat = await source.read(regions.bat.fileOffset, batBytes);
  const reserved: ReservedSpan[] = regions.entries.map((r) => ({ start: r.fileOffset, end: r.fileOffset + r.length, what: `region ${r.guid}` }));
  if (header.header.logLength > 0) reserved.push({ start: header.header.logOffset, end: header.header.logOffset + header.header.logLength, what: "log" });
  validateBat(bat, geometry, fileSize, reserved);
  return new VhdxImage({ source, fileSize, header: header.header, headerIndex: header.index, regions, metadataEntries, params, geometry, bat, hasActiveLog });
}
