/**
 * Stopping at a safe point when the user presses Ctrl-C.
 * @module
 */
import { InterruptedError } from "../errors.ts";

/**
 * Throws {@link InterruptedError} with `state` (what the disk looks like now) when `signal` fired.
 * Engines call it between blocks and between committed batches, never inside a commit.
 */
export function stopIfAborted(signal: AbortSignal | undefined, state: string): void {
  if (signal?.aborted) throw new InterruptedError(`Interrupted: ${state}`);
}
