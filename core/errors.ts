/**
 * The error types a user can act on. Every failure the CLI reports as one line derives from
 * {@link UserFacingError}; anything else is a bug and shows a stack trace only with `--debug`.
 * @module
 */

/** A failure the user can understand and act on: the message says what, why and what to do. */
export class UserFacingError extends Error {
  /** Process exit code the CLI uses for this error (1 refused/failed, 2 usage). */
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** The command line was wrong (unknown option, missing argument, bad value). */
export class UsageError extends UserFacingError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** A disk image is not valid or not supported (corrupt structure, differencing disk, unknown required item). */
export class InvalidImageError extends UserFacingError {}

/** A VHDX has an unreplayed log and the operation may not replay it. */
export class DirtyLogError extends UserFacingError {}

/** The filesystem inside the disk cannot be trusted for compaction (unclean, needs recovery, checksum failure). */
export class UntrustedFilesystemError extends UserFacingError {}

/** The target is in use (distro running, file locked). */
export class TargetBusyError extends UserFacingError {}

/** A strategy refused to run (not available, missing confirmation, not enough space). */
export class RefusedError extends UserFacingError {}

/** The operation was interrupted (Ctrl-C); the message says what state the disk is in. */
export class InterruptedError extends UserFacingError {
  constructor(message: string) {
    super(message, 130);
  }
}

/** A path inside a disk's filesystem does not exist, or is not what the caller needs (a directory, a file). */
export class FsPathError extends UserFacingError {}

/**
 * Part of a disk's filesystem cannot be read reliably (encrypted or damaged directory, unknown
 * feature, file too large to load): the reader refuses instead of guessing.
 */
export class UnreadableFilesystemError extends UserFacingError {}
