/**
 * The fleet commands' output: one line under 2,048 characters, because Intune Remediations keep
 * only the first 2,048 characters of a script's output for its report (Microsoft Learn,
 * "Remediations"; docs/windows-facts.md §10). Items that do not fit are counted, not cut in half.
 * @module
 */

/** Intune keeps 2,048 characters of output; the line and its newline stay under that. */
export const MAX_LINE_CHARS = 2046;

const oneLineText = (s: string) => s.replace(/[\r\n\t]+/g, " ").trim();

/**
 * `head: item, item, ...` as one line of at most `max` characters: items that do not fit are
 * replaced by "+N more", a head alone that is too long is cut with "...".
 * @example
 * oneLine("3 disks, 41.2 GB reclaimable", ["docker_data.vhdx 38.0 GB", "Ubuntu 3.2 GB"]);
 * // "3 disks, 41.2 GB reclaimable: docker_data.vhdx 38.0 GB, Ubuntu 3.2 GB"
 */
export function oneLine(head: string, items: readonly string[], max = MAX_LINE_CHARS, separator = ", "): string {
  const cut = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, Math.max(0, n - 3))}...`);
  const first = cut(oneLineText(head), max);
  if (items.length === 0) return first;
  const clean = items.map(oneLineText);
  let line = `${first}:`;
  for (let i = 0; i < clean.length; i++) {
    const rest = clean.length - i - 1;
    const next = `${line}${i === 0 ? " " : separator}${clean[i]}`;
    // Room is kept for the count of what would not fit after this item.
    const tail = rest > 0 ? `${separator}+${rest} more`.length : 0;
    if (next.length + tail <= max) {
      line = next;
      continue;
    }
    const left = clean.length - i;
    const count = `${i === 0 ? " " : separator}+${left} more`;
    return line.length + count.length <= max ? line + count : cut(line, max);
  }
  return line;
}
