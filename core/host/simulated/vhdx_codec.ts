/**
 * Byte-level helpers of the VHDX format for {@link ./vhdx_lite.ts}: CRC-32C (Castagnoli, reflected
 * 0x82F63B78, init and final XOR 0xFFFFFFFF, RESEARCH.md §8) and Microsoft-style GUIDs (first three
 * fields little-endian).
 * @module
 */

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32C of `bytes` (checksum fields must already be zero). */
export function crc32c(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Reads a GUID stored Microsoft-style, as upper-case text. */
export function readGuid(b: Uint8Array, at: number): string {
  const hex = (i: number) => b[at + i].toString(16).padStart(2, "0");
  const s = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15]
    .map((i) => i < 0 ? "-" : hex(i)).join("");
  return s.toUpperCase();
}

/** Writes a GUID Microsoft-style. */
export function writeGuid(b: Uint8Array, at: number, guid: string): void {
  const h = guid.replace(/[{}-]/g, "");
  const byte = (i: number) => parseInt(h.slice(i * 2, i * 2 + 2), 16);
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  order.forEach((src, dst) => b[at + dst] = byte(src));
}
