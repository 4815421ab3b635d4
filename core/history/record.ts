/**
 * What the commands write to the history: the sizes `list` and `watch` measured, and a shrink's
 * result. Writing the history never fails a command: a failure comes back as a warning to print.
 * @module
 */
import type { Host } from "../host/host.ts";
import { appendHistory } from "./history_file.ts";
import type { HistoryRecord } from "./history_file.ts";

/** A disk as measured: its name, file and bytes on the host volume (null: unknown, not recorded). */
export interface MeasuredDisk {
  name: string;
  path: string;
  size: number | null;
}

/**
 * Appends one "size" line per measured disk.
 * @returns a warning when the history could not be written, else null
 */
export async function recordSizes(host: Host, by: string, disks: readonly MeasuredDisk[], now: Date = new Date()): Promise<string | null> {
  const at = now.toISOString();
  const records: HistoryRecord[] = disks.filter((d) => d.size !== null).map((d) => ({ at, event: "size", name: d.name, path: d.path, size: d.size!, by }));
  return await write(host, records);
}

/**
 * Appends a successful shrink's line: the size it left and the size before.
 * @returns a warning when the history could not be written, else null
 */
export async function recordShrink(host: Host, disk: { name: string; path: string }, result: { before: number; after: number; strategy: string }, now: Date = new Date()): Promise<string | null> {
  return await write(host, [{ at: now.toISOString(), event: "shrink", name: disk.name, path: disk.path, size: result.after, before: result.before, strategy: result.strategy, by: "shrink" }]);
}

async function write(host: Host, records: HistoryRecord[]): Promise<string | null> {
  try {
    await appendHistory(host, records);
    return null;
  } catch (e) {
    return `could not write the size history: ${e instanceof Error ? e.message : String(e)}`;
  }
}
