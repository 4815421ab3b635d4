/**
 * Asking the user. Never prompts without a terminal: non-interactive runs need `--yes` (and data-losing
 * strategies need their own explicit flag), so nothing hangs waiting for input in CI or scripts.
 * @module
 */
import { createInterface } from "node:readline/promises";

/** How the CLI asks questions (tests pass a scripted one). */
export interface Asker {
  /** True when a human can answer. */
  interactive: boolean;
  /** Asks and returns the typed answer. */
  ask(question: string): Promise<string>;
}

/** Asks on the process's terminal. */
export function terminalAsker(): Asker {
  return {
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    async ask(question) {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return (await rl.question(question)).trim();
      } finally {
        rl.close();
      }
    },
  };
}

/** An asker for non-interactive runs: it can never be asked. */
export const noAsker: Asker = {
  interactive: false,
  ask: () => Promise.reject(new Error("cannot ask: not interactive")),
};

/** Asks a yes/no question; default is no. */
export async function confirmYes(asker: Asker, question: string): Promise<boolean> {
  const a = (await asker.ask(`${question} [y/N] `)).toLowerCase();
  return a === "y" || a === "yes";
}
