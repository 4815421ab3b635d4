/**
 * Elevation as a strategy may use it, as methods on `ctx.elevation`: whether this process runs as
 * administrator, and running one step elevated (on Windows a UAC prompt when it does not; a program
 * run through UAC has its own console, so its output may be empty).
 * @module
 */
import type { ExecOptions, ExecResult, Host } from "../../host/host.ts";

/** Elevation operations. */
export interface ElevationService {
  isElevated(): Promise<boolean>;
  /** Runs one program elevated and returns its result (output may be empty when UAC ran it). */
  run(command: string, args: string[], opts?: Omit<ExecOptions, "elevated">): Promise<ExecResult>;
}

/** The elevation service over a host. */
export function elevationService(host: Host): ElevationService {
  return {
    isElevated: () => host.isElevated(),
    run: (command, args, opts = {}) => host.exec(command, args, { ...opts, elevated: true }),
  };
}
