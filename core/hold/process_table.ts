/**
 * This process and the processes beside it, as far as the one-writer disk hold needs them: our
 * process id, the machine's name, and whether a process id on this machine is still running.
 * `process.kill(pid, 0)` sends no signal; it only asks whether the process exists (Node's
 * documentation of `process.kill`: "signal 0 can be used to test for the existence of a process";
 * libuv answers it on Windows with OpenProcess). Deno and Bun provide the same `node:process`.
 * @module
 */
import process from "node:process";
import { hostname } from "node:os";

/** Process facts the disk hold records in its lock file and checks when it finds one. */
export interface ProcessTable {
  /** This process's id. */
  readonly pid: number;
  /** The machine's name; a lock file from another machine (a network share) is never judged stale. */
  hostName(): string;
  /** True when `pid` names a running process on this machine (or one we may not signal: EPERM). */
  alive(pid: number): boolean;
}

/** The running process's table. */
export const localProcesses: ProcessTable = {
  pid: process.pid,
  hostName: () => hostname(),
  alive(pid: number): boolean {
    if (!Number.isInteger(pid) || pid <= 0) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as { code?: string }).code === "EPERM";
    }
  },
};
