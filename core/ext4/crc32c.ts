/**
 * CRC-32C (Castagnoli) in the form ext4 and jbd2 use it: no pre- or post-inversion inside the
 * function, the caller passes the seed (ext4 starts from ~0 and never inverts at the end).
 * TODO(share): a colleague is writing core/vhdx/crc32c.ts; switch to it once it exists and
 * exposes an un-inverted update function. Kept private to core/ext4 until then.
 * @module
 */

/** Reflected Castagnoli polynomial (RFC 3720 B.4). */
const CASTAGNOLI_REFLECTED = 0x82f63b78;

/** Slicing-by-8 tables: table k maps a byte that is k positions further back. */
const TABLES: Uint32Array[] = buildTables();

function buildTables(): Uint32Array[] {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ CASTAGNOLI_REFLECTED : c >>> 1;
    tables[0][n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    for (let t = 1; t < 8; t++) tables[t][n] = (tables[t - 1][n] >>> 8) ^ tables[0][tables[t - 1][n] & 0xff];
  }
  return tables;
}

/**
 * Continues a raw CRC-32C over `bytes` (Linux `crc32c_le` semantics: no inversion).
 * @example
 * // The standard check value: crc32c("123456789") = 0xE3069283 with ~0 seed and final inversion.
 * (~crc32cRaw(0xffffffff, new TextEncoder().encode("123456789"))) >>> 0; // 0xe3069283
 */
export function crc32cRaw(seed: number, bytes: Uint8Array): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = TABLES;
  let crc = seed >>> 0;
  let i = 0;
  const n = bytes.length;
  for (; i + 8 <= n; i += 8) {
    const a = (crc ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24))) >>> 0;
    crc = t7[a & 0xff] ^ t6[(a >>> 8) & 0xff] ^ t5[(a >>> 16) & 0xff] ^ t4[a >>> 24] ^
      t3[bytes[i + 4]] ^ t2[bytes[i + 5]] ^ t1[bytes[i + 6]] ^ t0[bytes[i + 7]];
  }
  for (; i < n; i++) crc = t0[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return crc >>> 0;
}
