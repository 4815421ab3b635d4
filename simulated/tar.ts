/**
 * A small ustar writer and lister (POSIX.1-1988 `ustar` headers, GNU base-256 sizes past 8 GiB), so
 * the emulated `wsl --export` writes a real tar that `tar -tf` lists, and `--import` can read one back.
 * Headers are built on byte buffers; file I/O stays with the caller.
 * @module
 */

/** Tar block size. */
export const TAR_BLOCK = 512;
/** Largest size the 11-digit octal field holds; bigger sizes use base-256. */
const MAX_OCTAL_SIZE = 8 ** 11 - 1;

/** One member header. */
export interface TarEntry {
  /** Path inside the archive, e.g. `./etc/passwd`. */
  name: string;
  size: number;
  /** "0" file, "5" directory. */
  type: "0" | "5";
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: number;
}

function octal(b: Uint8Array, at: number, width: number, value: number): void {
  const text = value.toString(8).padStart(width - 1, "0") + "\0";
  for (let i = 0; i < width; i++) b[at + i] = text.charCodeAt(i);
}

/** Serialises one 512-byte ustar header. */
export function tarHeader(e: TarEntry): Uint8Array {
  const b = new Uint8Array(TAR_BLOCK);
  const name = new TextEncoder().encode(e.name);
  if (name.length > 100) throw new Error(`tar member name too long: ${e.name}`);
  b.set(name, 0);
  octal(b, 100, 8, e.mode ?? (e.type === "5" ? 0o755 : 0o644));
  octal(b, 108, 8, e.uid ?? 0);
  octal(b, 116, 8, e.gid ?? 0);
  if (e.size > MAX_OCTAL_SIZE) {
    b[124] = 0x80;
    let v = BigInt(e.size);
    for (let i = 135; i > 124; i--, v >>= 8n) b[i] = Number(v & 0xffn);
  } else octal(b, 124, 12, e.size);
  octal(b, 136, 12, e.mtime ?? 0);
  b[156] = e.type.charCodeAt(0);
  b.set(new TextEncoder().encode("ustar\x0000"), 257);
  b.set(new TextEncoder().encode("root"), 265);
  b.set(new TextEncoder().encode("root"), 297);
  // Checksum: byte sum with the checksum field read as spaces; six octal digits, NUL, space.
  b.fill(0x20, 148, 156);
  const sum = b.reduce((a, x) => a + x, 0);
  octal(b, 148, 7, sum);
  b[155] = 0x20;
  return b;
}

/** Parses a header; null for the all-zero end-of-archive block or a bad checksum. */
export function parseTarHeader(b: Uint8Array): TarEntry | null {
  if (b.every((x) => x === 0)) return null;
  const str = (at: number, n: number) => new TextDecoder().decode(b.subarray(at, at + n)).replace(/\0.*$/s, "");
  const num = (at: number, n: number) => parseInt(str(at, n).trim() || "0", 8);
  const copy = b.slice();
  copy.fill(0x20, 148, 156);
  if (copy.reduce((a, x) => a + x, 0) !== num(148, 8)) return null;
  let size = num(124, 12);
  if (b[124] & 0x80) {
    size = 0;
    for (let i = 125; i < 136; i++) size = size * 256 + b[i];
  }
  return { name: str(0, 100), size, type: b[156] === 0x35 ? "5" : "0", mode: num(100, 8), uid: num(108, 8), gid: num(116, 8) };
}

/** Bytes of padding after a member of `size` bytes. */
export function tarPadding(size: number): number {
  return (TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK;
}

/** The end-of-archive marker: two zero blocks. */
export const TAR_END = new Uint8Array(2 * TAR_BLOCK);
