/**
 * A small tar reader that checks an export without trusting the program that wrote it: every
 * header's checksum, member sizes that fit the file, the end-of-archive marker, and the files a
 * Linux root must have. Headers are parsed on byte buffers (POSIX.1-1988 ustar, GNU base-256 sizes,
 * GNU long names `L`, pax `x`/`g` headers skipped); reading goes through a {@link BlockFile}.
 * @module
 */
import type { BlockFile } from "../../mod.ts";

/** Tar block size (POSIX.1 ustar). */
export const TAR_BLOCK = 512;
/** ustar header fields: offset and width (POSIX.1-1988 "ustar Interchange Format"). */
const FIELD = { name: [0, 100], size: [124, 12], checksum: [148, 8], type: [156, 1], magic: [257, 6], prefix: [345, 155] } as const;
/** Type flags that carry a name or attributes for the next member instead of a file. */
const TYPE_GNU_LONGNAME = "L";
const TYPES_PAX = new Set(["x", "g"]);

/** One parsed header. */
export interface TarMember {
  name: string;
  size: number;
  type: string;
}

/** The result of walking an archive. */
export interface TarListing {
  members: number;
  /** Sum of member data sizes. */
  dataBytes: number;
  /** Bytes up to and including the end-of-archive marker. */
  archiveBytes: number;
  /** Sizes of the members checked by name (normalised without leading `./`). */
  found: Record<string, number>;
}

/** Why an archive is not acceptable. */
export class TarListingError extends Error {}

const text = (b: Uint8Array, [at, n]: readonly [number, number]) => new TextDecoder().decode(b.subarray(at, at + n)).replace(/\0.*$/s, "");

/** Parses a 512-byte header; null for an all-zero block; throws on a bad checksum. */
export function parseHeader(b: Uint8Array): TarMember | null {
  if (b.every((x) => x === 0)) return null;
  let sum = 0;
  for (let i = 0; i < TAR_BLOCK; i++) sum += i >= FIELD.checksum[0] && i < FIELD.checksum[0] + FIELD.checksum[1] ? 0x20 : b[i];
  const stored = parseInt(text(b, FIELD.checksum).trim() || "x", 8);
  if (stored !== sum) throw new TarListingError(`bad tar header checksum (stored ${stored}, computed ${sum})`);
  let size: number;
  if (b[FIELD.size[0]] & 0x80) {
    // GNU base-256: the remaining bytes hold a big-endian number.
    size = 0;
    for (let i = FIELD.size[0] + 1; i < FIELD.size[0] + FIELD.size[1]; i++) size = size * 256 + b[i];
  } else size = parseInt(text(b, FIELD.size).trim() || "0", 8);
  const prefix = text(b, FIELD.magic).startsWith("ustar") ? text(b, FIELD.prefix) : "";
  const name = prefix ? `${prefix}/${text(b, FIELD.name)}` : text(b, FIELD.name);
  return { name, size, type: String.fromCharCode(b[FIELD.type[0]] || 0x30) };
}

/** Blocks of data after a header for a member of `size` bytes. */
export const dataBlocks = (size: number) => Math.ceil(size / TAR_BLOCK);

/** A member name without `./` or `/` in front. */
export const normaliseName = (n: string) => n.replace(/^(\.\/|\/)+/, "");

/**
 * Walks every header of the archive in `file`; `wanted` names (normalised) are reported with their sizes.
 * @throws TarListingError when a header is corrupt, a member runs past the end, or the end marker is missing.
 */
export async function listTar(file: BlockFile, wanted: string[] = [], signal?: AbortSignal): Promise<TarListing> {
  const fileSize = await file.size();
  const found: Record<string, number> = {};
  let at = 0, members = 0, dataBytes = 0, longName: string | null = null;
  while (at + TAR_BLOCK <= fileSize) {
    if (signal?.aborted) throw new TarListingError("interrupted while checking the export");
    const h = parseHeader(await file.read(at, TAR_BLOCK));
    if (h === null) {
      const next = at + TAR_BLOCK + TAR_BLOCK <= fileSize ? await file.read(at + TAR_BLOCK, TAR_BLOCK) : null;
      if (!next || !next.every((x) => x === 0)) throw new TarListingError(`tar end marker incomplete at byte ${at}`);
      return { members, dataBytes, archiveBytes: at + 2 * TAR_BLOCK, found };
    }
    const end = at + TAR_BLOCK + dataBlocks(h.size) * TAR_BLOCK;
    if (end > fileSize) throw new TarListingError(`tar member ${h.name} (${h.size} bytes) runs past the end of the file (${fileSize} bytes): the export is truncated`);
    if (h.type === TYPE_GNU_LONGNAME) {
      longName = new TextDecoder().decode(await file.read(at + TAR_BLOCK, h.size)).replace(/\0.*$/s, "");
    } else if (!TYPES_PAX.has(h.type)) {
      const name = normaliseName(longName ?? h.name);
      longName = null;
      members++;
      dataBytes += h.size;
      if (wanted.includes(name)) found[name] = h.size;
    }
    at = end;
  }
  throw new TarListingError(`tar has no end-of-archive marker (file ends at ${fileSize} bytes): the export is truncated`);
}
