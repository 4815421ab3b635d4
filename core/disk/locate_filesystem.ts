/**
 * Finds the filesystem to read on a virtual disk: on the whole disk (WSL's layout), or inside one MBR
 * or GPT partition (512- or 4096-byte sectors). The caller names the signatures it can read. Several
 * readable partitions are refused: the used map describes one filesystem, and a map that covered only
 * one of them would let the others be dropped.
 * @module
 */
import type { VirtualDisk } from "../io/virtual_disk.ts";
import { detectSignature, SIGNATURE_PROBE_BYTES } from "./signatures.ts";
import type { SignatureType } from "./signatures.ts";
import {
  hasGptSignature, MBR_EXTENDED_TYPES, MBR_TYPE_GPT_PROTECTIVE, parseGptEntries, parseGptHeader, parseMbr,
} from "./partition_table.ts";
import type { PartitionExtent } from "./partition_table.ts";

/** Where the filesystem is, or why there is none we can read. */
export type Location =
  | { kind: "readable"; type: SignatureType; offset: number; length: number }
  | { kind: "other"; type: SignatureType; offset: number }
  | { kind: "none" }
  | { kind: "unknown"; reason: string };

/** Logical partitions followed through an extended partition before giving up (loops are corruption). */
const MAX_LOGICAL_PARTITIONS = 128;

/**
 * Locates the filesystem to analyse on `disk`, preferring one whose signature is in `readable`.
 * @example
 * const loc = await locateFilesystem(disk, new Set(["ext"]));
 * if (loc.kind === "readable") console.log(loc.type, loc.offset);
 */
export async function locateFilesystem(disk: VirtualDisk, readable: ReadonlySet<SignatureType>): Promise<Location> {
  const head = await disk.readAt(0, Math.min(disk.size, SIGNATURE_PROBE_BYTES));
  const whole = detectSignature(head);
  // A FAT signature on sector 0 may be a partition table's boot code: look for partitions first.
  if (whole && whole !== "fat") {
    return readable.has(whole) ? { kind: "readable", type: whole, offset: 0, length: disk.size } : { kind: "other", type: whole, offset: 0 };
  }
  const partitions = await readPartitions(disk, head);
  if (typeof partitions === "string") return { kind: "unknown", reason: partitions };
  if (partitions === undefined) {
    if (whole === "fat") return readable.has(whole) ? { kind: "readable", type: whole, offset: 0, length: disk.size } : { kind: "other", type: "fat", offset: 0 };
    return head.every((x) => x === 0) ? { kind: "none" } : { kind: "unknown", reason: "no filesystem or partition table recognised" };
  }
  return classifyPartitions(disk, partitions, readable);
}

async function classifyPartitions(disk: VirtualDisk, partitions: PartitionExtent[], readable: ReadonlySet<SignatureType>): Promise<Location> {
  const found: Array<{ p: PartitionExtent; type: SignatureType }> = [];
  for (const p of partitions) {
    if (p.offset >= disk.size) continue;
    const type = detectSignature(await disk.readAt(p.offset, Math.min(SIGNATURE_PROBE_BYTES, disk.size - p.offset)));
    if (type) found.push({ p, type });
  }
  const ours = found.filter((f) => readable.has(f.type));
  if (ours.length > 1) {
    const types = [...new Set(ours.map((f) => f.type))].join("/");
    return { kind: "unknown", reason: `${ours.length} ${types} partitions found; only disks with a single ${types} filesystem are understood` };
  }
  if (ours.length === 1) {
    const { p, type } = ours[0];
    return { kind: "readable", type, offset: p.offset, length: Math.min(p.length, disk.size - p.offset) };
  }
  const other = found[0];
  if (other) return { kind: "other", type: other.type, offset: other.p.offset };
  return partitions.length === 0 ? { kind: "none" } : { kind: "unknown", reason: "no filesystem recognised in any partition" };
}

/** Partitions from GPT (preferred) or MBR; undefined when there is no table; a string when the table is corrupt. */
async function readPartitions(disk: VirtualDisk, head: Uint8Array): Promise<PartitionExtent[] | string | undefined> {
  const sizes = disk.logicalSectorSize === 4096 ? [4096, 512] : [512, 4096];
  for (const sectorSize of sizes) {
    const sector = head.subarray(sectorSize, sectorSize * 2);
    if (!hasGptSignature(sector)) continue;
    const h = parseGptHeader(sector);
    if (typeof h === "string") return h;
    const entries = await disk.readAt(h.entriesLba * sectorSize, h.entryCount * h.entrySize);
    return parseGptEntries(h, entries, sectorSize);
  }
  const mbr = parseMbr(head.subarray(0, 512));
  if (!mbr) return undefined;
  const sectorSize = disk.logicalSectorSize;
  const out: PartitionExtent[] = [];
  for (const e of mbr) {
    if (e.type === MBR_TYPE_GPT_PROTECTIVE) return "protective MBR without a valid GPT header";
    if (MBR_EXTENDED_TYPES.has(e.type)) {
      const logical = await readLogicalPartitions(disk, e.startLba, sectorSize);
      if (typeof logical === "string") return logical;
      out.push(...logical);
    } else {
      out.push({ offset: e.startLba * sectorSize, length: e.sectors * sectorSize, type: "mbr:0x" + e.type.toString(16) });
    }
  }
  return out;
}

/** Follows the EBR chain of an extended partition. */
async function readLogicalPartitions(disk: VirtualDisk, extStart: number, sectorSize: number): Promise<PartitionExtent[] | string> {
  const out: PartitionExtent[] = [];
  let ebr = extStart;
  for (let hop = 0; hop < MAX_LOGICAL_PARTITIONS; hop++) {
    const entries = parseMbr(await disk.readAt(ebr * sectorSize, 512));
    if (!entries) return "extended partition boot record without signature";
    const [logical, next] = entries;
    if (logical && !MBR_EXTENDED_TYPES.has(logical.type)) {
      out.push({ offset: (ebr + logical.startLba) * sectorSize, length: logical.sectors * sectorSize, type: "mbr:0x" + logical.type.toString(16) });
    }
    if (!next || !MBR_EXTENDED_TYPES.has(next.type)) return out;
    ebr = extStart + next.startLba;
  }
  return "extended partition chain too long (loop?)";
}
