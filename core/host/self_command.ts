/**
 * The command line that starts this program again, for tasks that run it later (Task Scheduler).
 * A compiled single binary is its own executable; a script run by node, deno or bun needs the
 * runtime, its flags and the entry script.
 * @module
 */
import { basename } from "node:path";

/** Runtimes that run the CLI as a script rather than as a compiled binary. */
const SCRIPT_RUNTIMES = new Set(["node", "deno", "bun"]);

/**
 * The program and arguments that run this CLI again in a new process.
 * @example
 * ```ts
 * const [exe, ...args] = processSelfCommand(); // ["C:\\Tools\\vhdx-shrink.exe"] when compiled
 * ```
 */
export function processSelfCommand(): string[] {
  const exe = process.execPath;
  const runtime = basename(exe).toLowerCase().replace(/\.exe$/, "");
  if (!SCRIPT_RUNTIMES.has(runtime)) return [exe];
  const script = process.argv[1];
  if (!script) return [exe];
  // Deno needs its subcommand and permissions; node keeps loader flags (tsx) from execArgv.
  if (runtime === "deno") return [exe, "run", "-A", script];
  return [exe, ...process.execArgv, script];
}
