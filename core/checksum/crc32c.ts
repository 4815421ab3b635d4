/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), table-driven slicing-by-8.
 *
 * Two forms, because the two formats disagree on the final XOR:
 * - {@link crc32c} is the standard checksum VHDX uses (MS-VHDX §2: init and final XOR 0xFFFFFFFF).
 * - {@link crc32cLe} is the raw register update with no pre/post inversion, exactly Linux's
 *   `crc32c_le(seed, data)`; ext4 metadata_csum computes `crc32cLe(0xFFFFFFFF, bytes)` (or chains
 *   from a per-filesystem seed) and stores the result without a final XOR.
 * @module
 */

/** The reflected Castagnoli polynomial. */
const POLY_REFLECTED = 0x82f63b78;

/**
 * 8 tables of 256 entries, one after the other in one flat array (entry k·256 + b is the CRC of
 * byte b followed by k zero bytes): one typed array indexed by offset is what JIT compilers read
 * fastest.
 */
const T: Int32Array = buildTables();

function buildTables(): Int32Array {
  const t = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
    t[n] = c;
  }
  for (let k = 1; k < 8; k++) {
    for (let n = 0; n < 256; n++) {
      const prev = t[(k - 1) * 256 + n];
      t[k * 256 + n] = (prev >>> 8) ^ t[prev & 0xff];
    }
  }
  return t;
}

/**
 * Updates a raw CRC-32C register with `bytes`: no initial or final inversion (Linux `crc32c_le`).
 * @param seed the register value to continue from (ext4 starts from 0xFFFFFFFF or its fs seed)
 * @param bytes the data
 * @param start first byte of `bytes` to hash (default 0): hashing a part needs no subarray
 * @param end byte after the last to hash (default `bytes.length`)
 * @returns the new register value (unsigned 32-bit)
 * @example
 * crc32cLe(0xffffffff, new TextEncoder().encode("123456789")) ^ 0xffffffff; // 0xE3069283 (as signed)
 */
export function crc32cLe(seed: number, bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = seed | 0;
  let i = start;
  const len = end;
  const fast = len - ((len - start) & 7);
  while (i < fast) {
    const a = crc ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    crc = T[1792 + (a & 0xff)] ^ T[1536 + ((a >>> 8) & 0xff)] ^ T[1280 + ((a >>> 16) & 0xff)] ^ T[1024 + (a >>> 24)] ^
      T[768 + bytes[i + 4]] ^ T[512 + bytes[i + 5]] ^ T[256 + bytes[i + 6]] ^ T[bytes[i + 7]];
    i += 8;
  }
  while (i < len) crc = (crc >>> 8) ^ T[(crc ^ bytes[i++]) & 0xff];
  return crc >>> 0;
}

/**
 * Updates a raw CRC-32C register with the four little-endian bytes of the 32-bit value `n` (ext4
 * seeds its per-inode checksums with the inode number and generation this way).
 * @example
 * crc32cLeWord(0xffffffff, 2) === crc32cLe(0xffffffff, new Uint8Array([2, 0, 0, 0])); // true
 */
export function crc32cLeWord(seed: number, n: number): number {
  const a = seed ^ n;
  return (T[768 + (a & 0xff)] ^ T[512 + ((a >>> 8) & 0xff)] ^ T[256 + ((a >>> 16) & 0xff)] ^ T[a >>> 24]) >>> 0;
}

/**
 * The standard CRC-32C of `bytes` (init and final XOR 0xFFFFFFFF), as VHDX stores it.
 * @param bytes the data
 * @param seed a previous `crc32c` result to continue from (default 0 = start fresh), so
 *   `crc32c(b, crc32c(a)) === crc32c(concat(a, b))`
 * @returns the checksum (unsigned 32-bit)
 * @example
 * crc32c(new TextEncoder().encode("123456789")); // 0xE3069283
 */
export function crc32c(bytes: Uint8Array, seed = 0): number {
  return (crc32cLe(~seed >>> 0, bytes) ^ 0xffffffff) >>> 0;
}
