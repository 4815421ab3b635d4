/**
 * Test support: deterministic pseudo-random bytes, so failures reproduce.
 * @module
 */

/** 1 MiB. */
export const MiB = 1024 * 1024;

/** Deterministic pseudo-random bytes (xorshift32) seeded by `seed`. */
export function patternBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}
