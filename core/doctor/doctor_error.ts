/**
 * The error of `doctor`: a check found something that would stop a shrink.
 * @module
 */
import { UserFacingError } from "../errors.ts";

/** `doctor` found a blocking problem. */
export class DoctorFailedError extends UserFacingError {}
