/**
 * The workflow around a shrink: clean Docker first (prune), start it again after, retrim the host
 * volume, explain the machine (doctor) and keep disks from growing back (watch; the scheduled task is core/schedule).
 * @module
 */
export * from "./errors.ts";
export * from "./docker_output.ts";
export * from "./prune.ts";
export * from "./docker_restart.ts";
export * from "./retrim.ts";
export * from "../doctor/lock_holders.ts";
export * from "../doctor/doctor_check.ts";
export * from "../doctor/doctor_checks.ts";
