/**
 * `schedule --after-shutdown`: the repeating task's run shrinks only when no distro is running,
 * Docker Desktop is not running, and the cooldown since the last shrink in the history has passed;
 * otherwise it logs why and changes nothing. Pure: the observed state in, the decision and its log
 * line out.
 * @module
 */
import type { HistoryRecord } from "./history_file.ts";

/** What the run saw on the machine. */
export interface ShutdownState {
  /** Distros `wsl --list --verbose` shows as Running (null: WSL could not be asked). */
  runningDistros: string[] | null;
  /** Docker Desktop's processes are in the process list. */
  dockerDesktopRunning: boolean;
}

/** What a scheduled run in after-shutdown mode does. */
export interface ShutdownDecision {
  run: boolean;
  line: string;
}

/** The newest shrink in the history, or null. */
export function lastShrinkAt(records: readonly HistoryRecord[]): string | null {
  let last: string | null = null;
  for (const r of records) if (r.event === "shrink" && (last === null || Date.parse(r.at) > Date.parse(last))) last = r.at;
  return last;
}

/**
 * Decides an after-shutdown run.
 * @param cooldownHours the least time between two shrinks
 * @example
 * shutdownDecision({ runningDistros: [], dockerDesktopRunning: false }, null, 24, new Date()).run; // true
 */
export function shutdownDecision(state: ShutdownState, lastShrink: string | null, cooldownHours: number, now: Date): ShutdownDecision {
  if (state.runningDistros === null) return { run: false, line: "could not tell whether a distro is running (wsl --list --verbose failed); nothing to do" };
  // Docker Desktop's own distro runs while Docker Desktop does: both are named.
  const busy = [...(state.dockerDesktopRunning ? ["Docker Desktop is running"] : []), ...(state.runningDistros.length ? [`WSL is running (${state.runningDistros.join(", ")})`] : [])];
  if (busy.length > 0) return { run: false, line: `${busy.join(", ")}; nothing to do` };
  if (lastShrink !== null) {
    const hours = (now.getTime() - Date.parse(lastShrink)) / 3_600_000;
    if (hours < cooldownHours) return { run: false, line: `last shrink ${lastShrink} is ${hours.toFixed(1)} h ago, within the ${cooldownHours} h cooldown; nothing to do` };
  }
  return { run: true, line: `no distro running, Docker Desktop not running, ${lastShrink === null ? "no shrink recorded" : `last shrink ${lastShrink}`}: shrinking` };
}
