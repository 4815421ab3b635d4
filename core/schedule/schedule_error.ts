/**
 * The error of the scheduled task: registering, querying or removing it failed.
 * @module
 */
import { UserFacingError } from "../errors.ts";

/** Registering or removing the scheduled task failed, or the request cannot be scheduled. */
export class ScheduleError extends UserFacingError {}
