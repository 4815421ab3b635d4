/**
 * Elevation as a strategy may use it, as methods on `ctx.elevation`: whether this process runs as
 * administrator, and running one step elevated. From a limited token that is a UAC prompt, which a
 * windowless process may get only as a flashing taskbar button: the user is told "waiting for the
 * UAC prompt", the wait has a limit, and the elevated side checks a ticket the caller removes when
 * it gives up, so a prompt accepted after that starts nothing (core/host/elevation_script.ts). A
 * program run through UAC has its own console, so its output may be empty.
 * @module
 */
import type { ExecOptions, ExecResult, Host } from "../../host/host.ts";
import { ELEVATION_ABANDONED_EXIT_CODE, runAsPowerShellArgs } from "../../host/elevation_script.ts";
import { randomBytes } from "node:crypto";

/** How long a step waits for an answer to the UAC prompt, unless told otherwise. */
export const ELEVATION_WAIT_MS = 10 * 60_000;

/** Options of {@link ElevationService.run}. */
export interface ElevatedRunOptions extends Omit<ExecOptions, "elevated"> {
  /** Called once before a UAC prompt is asked for (not when already elevated). */
  onPrompt?: (message: string) => void;
  /**
   * How long to wait for the prompt to be answered ({@link ELEVATION_WAIT_MS} by default). Once the
   * elevated side has started, the step is waited for however long it takes (or `timeoutMs`).
   */
  promptTimeoutMs?: number;
}

/** Elevation operations. */
export interface ElevationService {
  isElevated(): Promise<boolean>;
  /**
   * Runs one program elevated and returns its result (output may be empty when UAC ran it). When
   * the wait ends first, the result has `timedOut` and exit code {@link ELEVATION_ABANDONED_EXIT_CODE}:
   * the step did not run and will not run later.
   */
  run(command: string, args: string[], opts?: ElevatedRunOptions): Promise<ExecResult>;
}

/** The elevation service over a host; `say` receives the "waiting for the UAC prompt" line. */
export function elevationService(host: Host, say?: (message: string) => void): ElevationService {
  return {
    isElevated: () => host.isElevated(),
    run: async (command, args, opts = {}) => {
      const { onPrompt, ...rest } = opts;
      if (await host.isElevated()) return host.exec(command, args, rest);
      return runThroughUac(host, command, args, { ...rest, onPrompt: onPrompt ?? say });
    },
  };
}

/**
 * The relaunch with a ticket in a fresh temp folder, removed afterwards whatever happened. When
 * the prompt time is up the ticket is withdrawn (renamed away); if that rename fails, the elevated
 * side has claimed it first and is running, so the step is waited for.
 */
async function runThroughUac(host: Host, command: string, args: string[], opts: ElevatedRunOptions): Promise<ExecResult> {
  const { onPrompt, promptTimeoutMs = ELEVATION_WAIT_MS, signal, ...rest } = opts;
  const dir = await host.fs.makeTempDir("vhdx-shrink-elevation-");
  const ticket = host.path.join(dir, `ticket-${randomBytes(16).toString("hex")}`);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  let abandoned = false;
  const timer = setTimeout(() => {
    host.fs.rename(ticket, `${ticket}.withdrawn`).then(() => {
      abandoned = true;
      stop.abort();
    }, () => undefined);
  }, promptTimeoutMs);
  try {
    await host.fs.writeText(ticket, "");
    onPrompt?.(`waiting for the UAC prompt for ${command} (it may be a flashing taskbar button; accept it within ${Math.round(promptTimeoutMs / 1000)} s, or the step is abandoned and will not run later)`);
    const r = await host.exec("powershell.exe", runAsPowerShellArgs(command, args, { ticket }), { ...rest, signal: stop.signal });
    if (!abandoned) return r;
    return { ...r, code: ELEVATION_ABANDONED_EXIT_CODE, timedOut: true, stderr: `${r.stderr}no answer to the UAC prompt for ${command} within ${Math.round(promptTimeoutMs / 1000)} s: the step was abandoned and will not run if the prompt is accepted later\n` };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    await host.fs.remove(dir).catch(() => undefined);
  }
}
