/**
 * Deterministic mutations of a fixture: pick a structure, change a few bytes (bit flips, random
 * bytes, boundary values in aligned fields, zeroed or copied runs), then often fix its checksum so
 * the change gets past the CRC and reaches the parser's deeper checks.
 * @module
 */
import { crc32c, crc32cLe } from "../../core/checksum/crc32c.ts";
import { groupDescChecksum } from "../../core/ext4/group_desc.ts";
import { checksumSeed, parseSuperblock } from "../../core/ext4/superblock.ts";
import { RO_COMPAT } from "../../core/ext4/features.ts";
import { prng } from "../support/recording_file.ts";
import type { Target } from "./fuzz_fixtures.ts";

/** Values that break arithmetic: zero, one, powers of two, sign bits, all ones. */
const BOUNDARY = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x1000, 0x7fff, 0x8000, 0xffff, 0x10000, 0x100000, 0x7fffffff, 0x80000000, 0xffffffff];
/** s_checksum in the ext4 superblock; bg_checksum in a descriptor. */
const SB_CSUM = 0x3fc, GD_CSUM = 0x1e, GD_SIZE_64BIT = 64, GD_SIZE = 32;
/** Entry length in a VHDX log entry header (MS-VHDX §2.3.1.1). */
const LOG_ENTRY_LENGTH = 8;

/** One mutated case: which fixture, which structures, what was done (for the regression name). */
export interface Mutation {
  bytes: Uint8Array;
  what: string;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

function mutateRange(b: Uint8Array, t: Target, rand: () => number): string {
  const pick = (n: number) => Math.floor(rand() * n);
  const at = t.fileOffset + pick(t.length);
  const kind = pick(6);
  const v = view(b);
  if (kind === 0) {
    b[at] ^= 1 << pick(8);
    return `flip@${at}`;
  }
  if (kind === 1) {
    b[at] = pick(256);
    return `byte@${at}`;
  }
  const aligned = (w: number) => Math.min(at - (at % w), t.fileOffset + t.length - w);
  if (kind === 2) {
    const o = aligned(4);
    v.setUint32(o, BOUNDARY[pick(BOUNDARY.length)] >>> 0, true);
    return `u32@${o}`;
  }
  if (kind === 3) {
    const o = aligned(2);
    v.setUint16(o, BOUNDARY[pick(BOUNDARY.length)] & 0xffff, true);
    return `u16@${o}`;
  }
  if (kind === 4) {
    const o = aligned(8);
    v.setBigUint64(o, BigInt(BOUNDARY[pick(BOUNDARY.length)]) << BigInt(pick(4) * 16), true);
    return `u64@${o}`;
  }
  const n = 1 + pick(64);
  b.fill(rand() < 0.5 ? 0 : 0xff, at, Math.min(at + n, t.fileOffset + t.length));
  return `fill@${at}+${n}`;
}

function fixChecksum(b: Uint8Array, t: Target): void {
  const v = view(b);
  if (t.fixup === "vhdx-crc" || t.fixup === "log-entry-crc") {
    const len = t.fixup === "vhdx-crc" ? (t.name.startsWith("header") ? 4096 : 64 * 1024) : v.getUint32(t.fileOffset + LOG_ENTRY_LENGTH, true);
    if (len <= 0 || len > 1024 * 1024 || t.fileOffset + len > b.length) return;
    v.setUint32(t.fileOffset + 4, 0, true);
    v.setUint32(t.fileOffset + 4, crc32c(b.subarray(t.fileOffset, t.fileOffset + len)), true);
    return;
  }
  if (t.fixup !== "ext4-sb" && t.fixup !== "ext4-gd") return;
  const sbBytes = b.subarray(t.sbFileOffset!, t.sbFileOffset! + 1024);
  const sb = parseSuperblock(sbBytes);
  if (typeof sb === "string") return;
  if (t.fixup === "ext4-sb") {
    if (sb.roCompat & RO_COMPAT.METADATA_CSUM) v.setUint32(t.sbFileOffset! + SB_CSUM, crc32cLe(0xffffffff, sbBytes.subarray(0, SB_CSUM)) >>> 0, true);
    return;
  }
  const size = sb.descSize >= GD_SIZE_64BIT ? sb.descSize : GD_SIZE;
  const seed = (sb.roCompat & RO_COMPAT.METADATA_CSUM) ? checksumSeed(sb) : 0;
  for (let g = 0; (g + 1) * size <= t.length; g++) {
    const d = b.subarray(t.fileOffset + g * size, t.fileOffset + (g + 1) * size);
    const c = groupDescChecksum(sb, seed, g, d);
    if (c !== undefined) view(d).setUint16(GD_CSUM, c, true);
  }
}

/** Mutates a copy of `base` with the case's seed: 1–3 structures, 1–4 changes each, checksums fixed 3 times in 4. */
export function mutate(base: Uint8Array, targets: Target[], seed: number): Mutation {
  const rand = prng(seed);
  const b = base.slice();
  const parts: string[] = [];
  for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) {
    const t = targets[Math.floor(rand() * targets.length)];
    const changes: string[] = [];
    for (let k = 1 + Math.floor(rand() * 4); k > 0; k--) changes.push(mutateRange(b, t, rand));
    const fix = t.fixup !== "none" && rand() < 0.75;
    if (fix) fixChecksum(b, t);
    parts.push(`${t.name}:${changes.join(",")}${fix ? ":crc-fixed" : ""}`);
  }
  return { bytes: b, what: parts.join(" ") };
}
