/**
 * The Windows Task Scheduler task that watches the disks and shrinks the ones above a threshold:
 * its XML document and schtasks arguments (schedule_task.ts), and registering, querying and removing it.
 * @module
 */
export * from "./schedule_task.ts";
export * from "./schedule.ts";
export * from "./schedule_error.ts";
