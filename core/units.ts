/**
 * Byte sizes for people: formatting and parsing ("40GB", "1.5 GiB").
 * @module
 */

/** IEC names of the binary multiples (IEC 80000-13): what is printed is what is counted. */
const UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

/**
 * Formats bytes in binary units with one decimal, named as IEC names them ("1.5 GiB" is
 * 1.5 × 1024³ bytes; Windows Explorer counts the same way and labels it "GB").
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "?";
  const sign = bytes < 0 ? "-" : "";
  let v = Math.abs(bytes);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${sign}${u === 0 ? v.toFixed(0) : v.toFixed(1)} ${UNITS[u]}`;
}

/**
 * Parses a size like "40GB", "40GiB", "512M", "1.5 GiB" or a plain byte count. "GB" and "GiB" both
 * mean 1024³ bytes, as Windows and .wslconfig count them, so a threshold means what the output shows.
 */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGTP]?)(i?B?)?\s*$/i.exec(text);
  if (!m) return null;
  const power = m[2] ? "KMGTP".indexOf(m[2].toUpperCase()) + 1 : 0;
  return Math.round(Number(m[1]) * 1024 ** power);
}

