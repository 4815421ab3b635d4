/**
 * The growth history: each disk's measured sizes and shrinks in a bounded JSON-lines file, and the
 * growth since the last shrink and per week that `list --history` and `schedule --grown` read.
 * @module
 */
export { appendHistory, HISTORY_FILE, historyPath, MAX_HISTORY_BYTES, parseHistory, readHistory, trimToNewest } from "./history_file.ts";
export type { HistoryEvent, HistoryRecord } from "./history_file.ts";
export { growthOf, weekOf } from "./growth.ts";
export type { DiskGrowth, WeekGrowth } from "./growth.ts";
export { recordShrink, recordSizes } from "./record.ts";
export type { MeasuredDisk } from "./record.ts";
export { grownDecision } from "./grown_trigger.ts";
export type { GrownDecision } from "./grown_trigger.ts";
export { lastShrinkAt, shutdownDecision } from "./after_shutdown.ts";
export type { ShutdownDecision, ShutdownState } from "./after_shutdown.ts";
