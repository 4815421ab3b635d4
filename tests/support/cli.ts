/**
 * Test support: run the CLI in-process through `main()` with buffers instead of the terminal.
 * @module
 */
import { main } from "../../cli/main.ts";
import type { Host } from "../../core/host/host.ts";

/** What a CLI run printed and returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `vhdx-shrink ...argv` in-process (not a TTY, so no colours and no prompts). */
export async function runCli(argv: string[], host?: Host): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (t) => void (stdout += t), isTTY: false, columns: 120 },
    stderr: { write: (t) => void (stderr += t), isTTY: false },
    host,
  });
  return { code, stdout, stderr };
}
