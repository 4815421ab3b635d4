/**
 * Growth of each disk from its history: the latest size against the size its last shrink left
 * (or, with no shrink recorded, the first size seen), the average per week, and each calendar
 * week's change (weeks start on Monday, UTC). Pure: records in, figures out.
 * @module
 */
import type { HistoryRecord } from "./history_file.ts";

const WEEK_MS = 7 * 24 * 3600 * 1000;
/** Below a day of history an average per week would be a guess, so none is given. */
const MIN_SPAN_MS = 24 * 3600 * 1000;

/** One calendar week's change. */
export interface WeekGrowth {
  /** The week's Monday, YYYY-MM-DD (UTC). */
  week: string;
  /** Bytes the disk grew (negative: shrank) from the end of the week before to the end of this one. */
  grown: number;
}

/** One disk's growth. */
export interface DiskGrowth {
  name: string;
  path: string;
  /** The latest recorded size and when. */
  size: number;
  at: string;
  /** The last successful shrink, if any is recorded. */
  lastShrink: { at: string; size: number; before: number | null; strategy: string | null } | null;
  /** What the growth is counted from: "shrink" (the last one) or "first" (the first size seen). */
  since: "shrink" | "first";
  /** When the baseline was recorded. */
  sinceAt: string;
  /** Bytes grown since the baseline (negative when smaller). */
  grown: number;
  /** Average bytes per week since the baseline; null under a day of history. */
  perWeek: number | null;
  /** Each calendar week's change since the baseline, oldest first. */
  weeks: WeekGrowth[];
  /** Lines in the history for this disk. */
  records: number;
}

/** Windows file names are case-insensitive by default (learn.microsoft.com "Case sensitivity"): one disk however it is spelt. */
const keyOf = (path: string) => path.toLowerCase();

/** The Monday (UTC) of the week holding `ms`, as YYYY-MM-DD. */
export function weekOf(ms: number): string {
  const d = new Date(ms);
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString().slice(0, 10);
}

/**
 * Each disk's growth, in the order disks first appear in the history.
 * @example
 * const g = growthOf([
 *   { at: "2026-01-01T00:00:00Z", event: "shrink", name: "u", path: "C:\\u.vhdx", size: 10, by: "shrink" },
 *   { at: "2026-01-15T00:00:00Z", event: "size", name: "u", path: "C:\\u.vhdx", size: 30, by: "list" },
 * ]);
 * g[0].grown; // 20
 * g[0].perWeek; // 10
 */
export function growthOf(records: readonly HistoryRecord[]): DiskGrowth[] {
  const byDisk = new Map<string, HistoryRecord[]>();
  for (const r of records) {
    const list = byDisk.get(keyOf(r.path)) ?? [];
    list.push(r);
    byDisk.set(keyOf(r.path), list);
  }
  return [...byDisk.values()].map(growthOfDisk);
}

function growthOfDisk(unsorted: HistoryRecord[]): DiskGrowth {
  const rs = unsorted.map((r) => ({ r, t: Date.parse(r.at) })).filter((x) => Number.isFinite(x.t)).sort((a, b) => a.t - b.t);
  const latest = rs[rs.length - 1];
  let baseIndex = 0;
  for (let i = rs.length - 1; i >= 0; i--) if (rs[i].r.event === "shrink") { baseIndex = i; break; }
  const base = rs[baseIndex];
  const shrink = base.r.event === "shrink" ? base.r : null;
  const grown = latest.r.size - base.r.size;
  const span = latest.t - base.t;
  return {
    name: latest.r.name, path: latest.r.path, size: latest.r.size, at: latest.r.at,
    lastShrink: shrink ? { at: shrink.at, size: shrink.size, before: shrink.before ?? null, strategy: shrink.strategy ?? null } : null,
    since: shrink ? "shrink" : "first", sinceAt: base.r.at, grown,
    perWeek: span < MIN_SPAN_MS ? null : Math.round(grown / (span / WEEK_MS)),
    weeks: weeklyGrowth(rs.slice(baseIndex)),
    records: rs.length,
  };
}

/** The change of each calendar week: its last size minus the last size before it (the baseline for the first). */
function weeklyGrowth(rs: { r: HistoryRecord; t: number }[]): WeekGrowth[] {
  const endOfWeek = new Map<string, number>();
  for (const { r, t } of rs) endOfWeek.set(weekOf(t), r.size);
  const weeks: WeekGrowth[] = [];
  let previous = rs[0].r.size;
  for (const [week, size] of endOfWeek) {
    weeks.push({ week, grown: size - previous });
    previous = size;
  }
  return weeks;
}
