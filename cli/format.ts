/**
 * Human output: byte sizes, tables that fit the terminal, colours that respect NO_COLOR.
 * @module
 */

export { formatBytes, parseSize } from "../core/units.ts";

/** Formats seconds as "45 s", "3 min", "1 h 5 min". */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  const min = Math.round(seconds / 60);
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** Styling that degrades: no escapes when disabled (NO_COLOR, not a TTY). */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
}

/** Makes a style; `enabled` false yields plain text. */
export function makeStyle(enabled: boolean): Style {
  const wrap = (code: number, reset: number) => (s: string) => enabled ? `\x1b[${code}m${s}\x1b[${reset}m` : s;
  return { bold: wrap(1, 22), dim: wrap(2, 22), green: wrap(32, 39), yellow: wrap(33, 39), red: wrap(31, 39) };
}

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const visibleLength = (s: string) => s.replace(ANSI, "").length;

/**
 * Renders rows as an aligned table. Columns listed in `shrinkable` are cut with "…" when the table is
 * wider than `width` (then `onCut` is called); numeric-looking cells are right-aligned.
 */
export function renderTable(header: string[], rows: string[][], width = 100, shrinkable: number[] = [], onCut?: () => void): string {
  const widths = header.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ""))));
  let total = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  for (const col of shrinkable) {
    if (total <= width) break;
    const cut = Math.min(total - width, widths[col] - 8);
    if (cut > 0) {
      widths[col] -= cut;
      total -= cut;
      onCut?.();
    }
  }
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^~?-?[\d.,]+ ?[A-Za-z%]*$|^-$|^\?$/.test(r[i] ?? "")));
  const cell = (s: string, i: number) => {
    let text = s;
    if (visibleLength(text) > widths[i]) text = text.replace(ANSI, "").slice(0, widths[i] - 1) + "…";
    const pad = " ".repeat(widths[i] - visibleLength(text));
    return numeric[i] ? pad + text : text + pad;
  };
  const line = (r: string[]) => r.map(cell).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
