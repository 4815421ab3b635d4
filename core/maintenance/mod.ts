/**
 * The workflow around a shrink: clean Docker first (prune), start it again after, retrim the host
 * volume, and the scheduled run (watch, then shrink above the threshold). The machine's check is
 * core/doctor; the scheduled task itself is core/schedule.
 * @module
 */
export * from "./errors.ts";
export * from "./docker_output.ts";
export * from "./prune.ts";
export * from "./docker_restart.ts";
export * from "./retrim.ts";
export * from "./schedule_run.ts";
