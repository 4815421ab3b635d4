/**
 * Who made a temporary file, so that a later run can tell a dead run's leftover from a live run's
 * work. A run takes a stamp (process id, machine, start time, random token) before it creates its
 * first temporary and records it beside them; a later run treats them as leftovers only when the
 * stamp's run is gone: another process on this machine that no longer runs (the process table of
 * core/hold/process_table.ts), or this process's own run that has ended. A stamp from another
 * machine (a network share) is never judged dead, as the disk hold's lock file is not.
 * @module
 */
import type { ProcessTable } from "./process_table.ts";
import { localProcesses } from "./process_table.ts";

/** What a run records about itself beside the temporaries it creates. */
export interface RunStamp {
  program: "vhdx-shrink";
  pid: number;
  host: string;
  /** ISO 8601 start time of the run. */
  started: string;
  token: string;
}

/** Tokens of the runs of this process that have not ended. */
const liveTokens = new Set<string>();

function randomToken(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/**
 * Starts a run: its stamp, live until {@link endRun}.
 * @example
 * const stamp = beginRun();
 * try { ... } finally { endRun(stamp); }
 */
export function beginRun(processes: ProcessTable = localProcesses): RunStamp {
  const stamp: RunStamp = { program: "vhdx-shrink", pid: processes.pid, host: processes.hostName(), started: new Date().toISOString(), token: randomToken() };
  liveTokens.add(stamp.token);
  return stamp;
}

/** Ends the run of `stamp`: from now on its leftovers may be cleaned up by a later run. */
export function endRun(stamp: RunStamp): void {
  liveTokens.delete(stamp.token);
}

/** True when `value` is a stamp (as read back from a record). */
export function isRunStamp(value: unknown): value is RunStamp {
  const s = value as RunStamp | null;
  return s !== null && typeof s === "object" && s.program === "vhdx-shrink" && typeof s.pid === "number" && typeof s.host === "string" && typeof s.token === "string";
}

/** True unless the run of `stamp` is known to be gone (see the module comment). */
export function runIsLive(stamp: RunStamp, processes: ProcessTable = localProcesses): boolean {
  if (stamp.host !== processes.hostName()) return true;
  if (stamp.pid === processes.pid) return liveTokens.has(stamp.token);
  return processes.alive(stamp.pid);
}
