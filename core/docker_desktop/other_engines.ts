/**
 * Docker engines other than Docker Desktop that live in WSL distros: Rancher Desktop
 * (`rancher-desktop`, `rancher-desktop-data`) and Podman (`podman-machine-default`, or
 * `podman-machine-<name>`) (docs/windows-facts.md §10). Their distros are shown with their owner, and
 * a running engine is stopped with its own command before a shrink (never by killing it or by pulling
 * WSL out from under it); the report says how to start it again.
 * @module
 */
import type { Host } from "../host/host.ts";
import { TargetBusyError } from "../errors.ts";

/** One engine. */
export interface OtherEngine {
  /** The owner label `list` shows. */
  id: "rancher-desktop" | "podman";
  name: string;
  /** Whether a registered distro belongs to it (names compare case-insensitively, as WSL does). */
  owns(distro: string): boolean;
  /** Its own stop command. */
  stop: { cmd: string; args: string[] };
  /** How to start it again, for the report. */
  restart: string;
}

/** The engines known here. */
export const OTHER_ENGINES: readonly OtherEngine[] = [
  {
    id: "rancher-desktop", name: "Rancher Desktop",
    owns: (d) => ["rancher-desktop", "rancher-desktop-data"].includes(d.toLowerCase()),
    stop: { cmd: "rdctl", args: ["shutdown"] },
    restart: "start Rancher Desktop from the Start menu",
  },
  {
    id: "podman", name: "Podman",
    owns: (d) => /^podman-machine-/i.test(d),
    stop: { cmd: "podman", args: ["machine", "stop"] },
    restart: "run podman machine start",
  },
];

/** The engine a distro belongs to, if any. */
export function engineOfDistro(distro: string): OtherEngine | undefined {
  return OTHER_ENGINES.find((e) => e.owns(distro));
}

/** The engines with a running distro among `running` (distro names). */
export function runningEngines(running: readonly string[]): OtherEngine[] {
  return OTHER_ENGINES.filter((e) => running.some((d) => e.owns(d)));
}

/** The command line that stops an engine, as a user would type it. */
export function stopCommand(e: OtherEngine): string {
  return [e.stop.cmd, ...e.stop.args].join(" ");
}

/**
 * Stops each engine with its own command; throws {@link TargetBusyError} (nothing changed by this
 * tool) when one cannot be told to stop, with the command to run by hand.
 */
export async function stopEngines(host: Host, engines: readonly OtherEngine[], signal?: AbortSignal): Promise<void> {
  for (const e of engines) {
    const r = await host.exec(e.stop.cmd, e.stop.args, { signal, timeoutMs: 120_000 }).catch(() => null);
    if (r === null || r.code !== 0) {
      const why = r === null || (r.code === -1 && /\bENOENT\b/.test(r.stderr)) ? `${e.stop.cmd} is not on PATH` : `${stopCommand(e)} exited ${r.code}`;
      throw new TargetBusyError(`${e.name} is running (its WSL distro holds the VM) and could not be stopped (${why}): run ${stopCommand(e)} or quit ${e.name}, then run again; nothing was changed`);
    }
  }
}

/** The report's note for engines stopped for the run. */
export function restartNote(e: OtherEngine): string {
  return `${e.name} was stopped for the shrink: ${e.restart}`;
}
