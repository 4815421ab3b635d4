/**
 * The CRC-16 ext4 uses for group descriptors under GDT_CSUM (uninit_bg): the reflected
 * ANSI/IBM polynomial 0x8005 (0xA001 reflected), seeded by the caller, no final inversion.
 * @module
 */

const CRC16_REFLECTED = 0xa001;
const TABLE: Uint16Array = (() => {
  const t = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ CRC16_REFLECTED : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/**
 * Continues a CRC-16 (ANSI, reflected) over `bytes`.
 * @example
 * crc16(0, new TextEncoder().encode("123456789")); // 0xbb3d (CRC-16/ARC check value)
 */
export function crc16(seed: number, bytes: Uint8Array): number {
  let crc = seed & 0xffff;
  for (let i = 0; i < bytes.length; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]) & 0xff];
  return crc;
}
