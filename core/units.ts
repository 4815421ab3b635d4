/**
 * Byte sizes for people: formatting and parsing ("40GB", "1.5 GiB").
 * @module
 */

const UNITS = ["B", "KB", "MB", "GB", "TB", "PB"];

/** Formats bytes in binary units with one decimal ("1.5 GB" means 1.5 GiB, as Windows Explorer shows it). */
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

/** Parses a size like "40GB", "512M", "1.5 GiB" or a plain byte count. */
export function parseSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGTP]?)(i?B?)?\s*$/i.exec(text);
  if (!m) return null;
  const power = m[2] ? "KMGTP".indexOf(m[2].toUpperCase()) + 1 : 0;
  return Math.round(Number(m[1]) * 1024 ** power);
}

