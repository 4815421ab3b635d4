/**
 * The after-shutdown gate of `schedule --run --after-shutdown`: asks WSL which distros run
 * (`wsl --list --verbose`, whose state words are never translated; docs/research.md §4), asks the
 * process list whether Docker Desktop runs (docs/windows-facts.md §10), reads the last shrink from
 * the size history, and writes the decision to the task's log as one line.
 * @module
 */
import type { Host } from "../../core/host/host.ts";
import { listDistros } from "../../core/wsl/list.ts";
import { dockerDesktopRunning } from "../../core/docker_desktop/docker_desktop.ts";
import { lastShrinkAt, readHistory, shutdownDecision } from "../../core/history/mod.ts";
import type { ShutdownDecision } from "../../core/history/mod.ts";
import { MAX_LOG_CHARS } from "../../core/maintenance/schedule_run.ts";

/** Cooldown when none is given: at most one shrink a day. */
export const DEFAULT_COOLDOWN_HOURS = 24;

/** Parses `--cooldown HOURS` (a non-negative number); null when it is not one. */
export function parseCooldown(text: string | undefined): number | null {
  if (text === undefined) return DEFAULT_COOLDOWN_HOURS;
  if (!/^\d+(\.\d+)?$/.test(text.trim())) return null;
  return Number(text);
}

/** Decides an after-shutdown run and logs the decision. */
export async function afterShutdownRun(host: Host, cooldownHours: number, log: string, now = new Date()): Promise<ShutdownDecision> {
  const runningDistros = await listDistros(host, { timeoutMs: 60_000 })
    .then((ds) => ds.filter((d) => d.state === "Running").map((d) => d.name))
    .catch(() => null);
  const decision = shutdownDecision({ runningDistros, dockerDesktopRunning: await dockerDesktopRunning(host) }, lastShrinkAt(await readHistory(host)), cooldownHours, now);
  await host.fs.mkdir(host.path.dirname(log));
  const old = (await host.fs.exists(log)) ? await host.fs.readText(log) : "";
  await host.fs.writeText(log, (old + `[${now.toISOString()}] scheduled run, after shutdown --cooldown ${cooldownHours}: ${decision.line}\n`).slice(-MAX_LOG_CHARS));
  return decision;
}
