/**
 * How long work reports how far it got. The compactor, the strategies and the CLI's progress bar
 * all speak this one interface.
 * @module
 */

/** Progress reporting for long work. */
export interface Progress {
  /** Starts a phase; `total` in bytes when known. */
  phase(label: string, total?: number): void;
  /** Reports bytes done in the current phase. */
  update(done: number): void;
  /** Free-form status line. */
  note(message: string): void;
}
