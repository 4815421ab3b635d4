/**
 * `schedule --grown SIZE`: the scheduled run shrinks only the disks that have grown by at least SIZE
 * since their last shrink (since first seen when none is recorded), and does nothing when none has.
 * Pure: the history's growth in, the decision and its log line out.
 * @module
 */
import type { DiskGrowth } from "./growth.ts";

/** What a scheduled run with a growth trigger does. */
export interface GrownDecision {
  /** True when at least one disk has grown by the minimum. */
  run: boolean;
  /** The disks that have, largest growth first. */
  due: DiskGrowth[];
  /** The line the run writes to its log. */
  line: string;
}

/**
 * Decides a scheduled run on growth.
 * @param growth each disk's growth (growthOf over the history)
 * @param minBytes the least growth that triggers a run
 * @param paths the disks the task covers (compared case-insensitively, as Windows names files)
 * @param show how a byte count is written in the line
 * @example
 * grownDecision([], 10 * 1024 ** 3, [], String).run; // false
 */
export function grownDecision(growth: readonly DiskGrowth[], minBytes: number, paths: readonly string[], show: (bytes: number) => string): GrownDecision {
  const covered = new Set(paths.map((p) => p.toLowerCase()));
  const mine = growth.filter((g) => covered.has(g.path.toLowerCase())).sort((a, b) => b.grown - a.grown);
  const due = mine.filter((g) => g.grown >= minBytes);
  const grew = (g: DiskGrowth) => `${g.name} +${show(Math.max(0, g.grown))} since ${g.since === "shrink" ? "its last shrink" : "first seen"} ${g.sinceAt.slice(0, 10)}`;
  if (due.length > 0) return { run: true, due, line: `grown by ${show(minBytes)} or more: ${due.map(grew).join(", ")}` };
  const most = mine[0];
  return { run: false, due, line: `no disk has grown by ${show(minBytes)} since its last shrink${most ? ` (most: ${grew(most)})` : ""}; nothing to do` };
}
