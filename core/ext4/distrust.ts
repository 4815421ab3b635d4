/**
 * The internal signal for "this filesystem cannot be trusted": thrown deep in the reader, caught
 * once by `analyzeFilesystem`, which turns it into `trusted: false` with the one-line reason.
 * @module
 */

/** Carries the one-line reason a filesystem is not trusted. Never escapes `analyzeFilesystem`. */
export class Distrust extends Error {}

/** Stops the analysis with a reason. */
export function distrust(reason: string): never {
  throw new Distrust(reason);
}
