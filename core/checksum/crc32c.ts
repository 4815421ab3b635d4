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

/** 8 tables of 256 entries: T[k][b] is the CRC of byte b followed by k zero bytes. */
const TABLES: Uint32Array[] = buildTables();

function buildTables(): Uint32Array[] {
  const t0 = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
    t0[n] = c >>> 0;
  }
  const tables = [t0];
  for (let k = 1; k < 8; k++) {
    const prev = tables[k - 1];
    const next = new Uint32Array(256);
    for (let n = 0; n < 256; n++) next[n] = (prev[n] >>> 8) ^ t0[prev[n] & 0xff];
    tables.push(next);
  }
  return tables;
}

/**
 * Updates a raw CRC-32C register with `bytes`: no initial or final inversion (Linux `crc32c_le`).
 * @param seed the register value to continue from (ext4 starts from 0xFFFFFFFF or its fs seed)
 * @param bytes the data
 * @returns the new register value (unsigned 32-bit)
 * @example
 * crc32cLe(0xffffffff, new TextEncoder().encode("123456789")) ^ 0xffffffff; // 0xE3069283 (as signed)
 */
export function crc32cLe(seed: number, bytes: Uint8Array): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = TABLES;
  let crc = seed >>> 0;
  let i = 0;
  const len = bytes.length;
  const fast = len - (len % 8);
  while (i < fast) {
    const a = crc ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    crc = t7[a & 0xff] ^ t6[(a >>> 8) & 0xff] ^ t5[(a >>> 16) & 0xff] ^ t4[a >>> 24] ^
      t3[bytes[i + 4]] ^ t2[bytes[i + 5]] ^ t1[bytes[i + 6]] ^ t0[bytes[i + 7]];
    i += 8;
  }
  while (i < len) crc = (crc >>> 8) ^ t0[(crc ^ bytes[i++]) & 0xff];
  return crc >>> 0;
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
