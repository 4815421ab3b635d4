/**
 * The one failure type of the build script: something the person building can fix (versions out of
 * step, a binary missing, a compiler that failed). The message says what, why and what to do.
 * @module
 */

/** A build step failed for a reason the person building can act on. */
export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BuildError";
  }
}
