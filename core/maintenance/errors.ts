/**
 * Failures of the maintenance commands (prune, doctor, watch, schedule), each one a thing the user
 * can act on. Exit codes: 1 for failures, 3 for watch's "above the threshold".
 * @module
 */
import { UserFacingError } from "../errors.ts";

/** Exit code of `watch` when a disk is above the threshold (documented for scripts). */
export const WATCH_OVER_THRESHOLD_EXIT = 3;

/** A Docker prune command failed. */
export class PruneFailedError extends UserFacingError {}

/** `watch` found a disk above the threshold: exits 3 so scripts can act on it. */
export class ThresholdExceededError extends UserFacingError {
  constructor(message: string) {
    super(message, WATCH_OVER_THRESHOLD_EXIT);
  }
}
