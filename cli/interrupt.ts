/**
 * Ctrl-C and termination: the first SIGINT or SIGTERM aborts the run's signal, so the work stops at
 * its next safe point and reports what state the disk is in; a second one leaves it to the default
 * handler (immediate exit), for a user who really wants out.
 * @module
 */

/** Runs `work` with a signal that SIGINT / SIGTERM abort while it runs. */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const events = ["SIGINT", "SIGTERM"] as const;
  const onSignal = () => {
    controller.abort();
    for (const e of events) process.removeListener(e, onSignal);
  };
  for (const e of events) process.once(e, onSignal);
  try {
    return await work(controller.signal);
  } finally {
    for (const e of events) process.removeListener(e, onSignal);
  }
}
