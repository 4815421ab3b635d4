/**
 * `VHDX_SHRINK_LIMITED_TOKEN=1`: a test and diagnosis switch that makes the program treat its token
 * as limited (not elevated). Wine gives every process a full token (TokenIsElevated=1,
 * docs/windows-facts.md §11), so the non-elevated paths are reached under Wine only with it. It is
 * never passed on to a process started elevated: on Windows a UAC-elevated process gets the user's
 * default environment, not its parent's (docs/windows-facts.md §11).
 * @module
 */

/** The environment variable. */
export const LIMITED_TOKEN_ENV = "VHDX_SHRINK_LIMITED_TOKEN";

/** True when `value` (the variable's value) asks for a limited token. */
export function limitedTokenRequested(value: string | undefined): boolean {
  return value === "1";
}
