/**
 * `list --history` as text: one row per disk in the size history with its size now, the growth since
 * its last shrink (or since it was first seen) and the average per week.
 * @module
 */
import type { Output } from "../output.ts";
import { formatBytes } from "../format.ts";
import type { DiskGrowth } from "../../core/history/mod.ts";

const signed = (n: number) => (n > 0 ? "+" : "") + formatBytes(n);
const day = (iso: string) => iso.slice(0, 10);

/** Prints the growth table, or says that there is no history yet. */
export function historyTable(out: Output, history: readonly DiskGrowth[]): void {
  if (history.length === 0) {
    out.result("No size history yet: list and watch record each disk's size when they run.");
    return;
  }
  out.result(out.table(
    ["target", "size", "grown", "since", "per week", "last shrink", "path"],
    history.map((g) => [
      g.name, formatBytes(g.size), signed(g.grown), `${g.since === "shrink" ? "shrink" : "first seen"} ${day(g.sinceAt)}`,
      g.perWeek === null ? "-" : signed(g.perWeek),
      g.lastShrink ? `${day(g.lastShrink.at)}${g.lastShrink.before !== null ? ` (${formatBytes(g.lastShrink.before)} -> ${formatBytes(g.lastShrink.size)})` : ""}` : "never",
      g.path,
    ]),
    [6],
  ));
  out.print(out.style.dim("per week: the average since the baseline; list --history --json has each calendar week"));
}
