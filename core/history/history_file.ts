/**
 * The growth history: one JSON line per disk each time `list` or `watch` measures it, and one per
 * successful shrink, in `history.jsonl` under the user's local app-data folder (`%LOCALAPPDATA%\vhdx-shrink`
 * on Windows, `$XDG_STATE_HOME/vhdx-shrink` or `~/.local/state/vhdx-shrink` elsewhere). The file is
 * bounded: past {@link MAX_HISTORY_BYTES} the oldest lines are dropped.
 *
 * Data safety: the new content (old lines, the new ones, trimmed) is written whole to a temporary file
 * beside the history and renamed over it, so a crash leaves either the old file or the new one, never
 * a half-written history (the git lockfile pattern, docs/style.md). Two runs appending at the same
 * moment can lose one run's lines; the history is a record of sizes, not data, so that is accepted.
 * @module
 */
import type { Host } from "../host/host.ts";

/** The history keeps its newest lines within 1 MiB (about 5,000 lines: years of daily runs on a few disks). */
export const MAX_HISTORY_BYTES = 1024 * 1024;

/** The file's name in the vhdx-shrink state folder. */
export const HISTORY_FILE = "history.jsonl";

/** What a line records: a measured size, or a shrink's result. */
export type HistoryEvent = "size" | "shrink";

/** One line of the history. */
export interface HistoryRecord {
  /** When, as an ISO 8601 UTC time. */
  at: string;
  event: HistoryEvent;
  /** The disk's name as `list` shows it (distro name or file name). */
  name: string;
  /** The VHDX file. */
  path: string;
  /** Bytes the file takes on the host volume (after the shrink, for a shrink). */
  size: number;
  /** A shrink's size before it ran. */
  before?: number;
  /** A shrink's strategy. */
  strategy?: string;
  /** The command that wrote the line. */
  by: string;
}

/** The history file on this host, or null when there is no user folder to keep it in. */
export function historyPath(host: Host): string | null {
  const home = host.env("HOME");
  const base = host.env("LOCALAPPDATA") ?? host.env("XDG_STATE_HOME") ?? (home ? host.path.join(home, ".local", "state") : undefined);
  return base ? host.path.join(base, "vhdx-shrink", HISTORY_FILE) : null;
}

/**
 * Parses the file's text; a line that is not a whole record (a foreign edit) is skipped.
 * @example
 * parseHistory('{"at":"2026-01-01T00:00:00.000Z","event":"size","name":"Ubuntu","path":"C:\\\\u.vhdx","size":1,"by":"list"}\n').length; // 1
 */
export function parseHistory(text: string): HistoryRecord[] {
  const records: HistoryRecord[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as HistoryRecord;
      if (typeof r.at === "string" && (r.event === "size" || r.event === "shrink") && typeof r.path === "string" && typeof r.size === "number") records.push(r);
    } catch {
      // not a record: skipped
    }
  }
  return records;
}

/**
 * The newest whole lines of `text` that fit in `maxBytes` (UTF-8).
 * @example
 * trimToNewest("a\nbb\ncc\n", 6); // "bb\ncc\n"
 */
export function trimToNewest(text: string, maxBytes: number): string {
  const whole = text === "" || text.endsWith("\n") ? text : text + "\n";
  const bytes = new TextEncoder().encode(whole);
  if (bytes.length <= maxBytes) return whole;
  // Start at the first line that begins within the last maxBytes; 0x0A never occurs inside a UTF-8 sequence.
  let start = bytes.length - maxBytes;
  while (start < bytes.length && bytes[start - 1] !== 0x0a) start++;
  return new TextDecoder().decode(bytes.subarray(start));
}

/** Reads the history; empty when there is none. */
export async function readHistory(host: Host, path: string | null = historyPath(host)): Promise<HistoryRecord[]> {
  if (!path || !(await host.fs.exists(path))) return [];
  return parseHistory(await host.fs.readText(path));
}

/**
 * Appends records to the history (temporary file, then rename), keeping it within `maxBytes`.
 * @returns the file written, or null when there is no user folder
 */
export async function appendHistory(host: Host, records: HistoryRecord[], maxBytes = MAX_HISTORY_BYTES, path: string | null = historyPath(host)): Promise<string | null> {
  if (!path || records.length === 0) return path;
  await host.fs.mkdir(host.path.dirname(path));
  const old = (await host.fs.exists(path)) ? await host.fs.readText(path) : "";
  const text = trimToNewest(old + records.map((r) => JSON.stringify(r) + "\n").join(""), maxBytes);
  const temp = `${path}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    await host.fs.writeText(temp, text);
    await host.fs.rename(temp, path);
  } catch (e) {
    await host.fs.remove(temp).catch(() => undefined);
    throw e;
  }
  return path;
}
