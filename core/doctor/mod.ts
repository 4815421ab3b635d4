/**
 * `doctor`: what on this machine would stop a shrink, each with the fix — WSL's version, the disks'
 * settings, who holds a disk open, leftovers of an interrupted run.
 * @module
 */
export * from "./doctor_check.ts";
export * from "./doctor_checks.ts";
export * from "./leftovers.ts";
export * from "./lock_holders.ts";
export * from "./doctor_error.ts";
