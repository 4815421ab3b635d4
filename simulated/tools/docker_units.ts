/**
 * Docker's size units as its CLI prints them ("1.2GB", "0B"): decimal, four significant digits,
 * no space (docker/go-units HumanSize).
 * @module
 */

/** Bytes in Docker's human form. */
export function humanSize(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let v = bytes, u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${Number(v.toPrecision(4))}${units[u]}`;
}
