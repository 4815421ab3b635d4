/**
 * A real CLI process a test can watch and pause: its output is collected as it comes, the test
 * waits for a line or a file to appear (never for a time), and SIGSTOP / SIGCONT / SIGKILL stand
 * for a slow machine, a resumed one, and a power cut or closed terminal.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import process from "node:process";

const root = new URL("../..", import.meta.url).pathname;

/** How to start the CLI: the source on Node (tsx), or a compiled binary. */
export type CliProgram = { kind: "node" } | { kind: "binary"; path: string };

/** A finished run. */
export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  stdout: string;
}

/** A running CLI process. */
export interface CliRun {
  readonly child: ChildProcess;
  readonly pid: number;
  /** stdout and stderr so far, interleaved as they came. */
  output(): string;
  /** Resolves when the output matches `pattern`, or when the process ended (then false). */
  waitFor(pattern: RegExp): Promise<boolean>;
  /** Resolves when `check` holds, looking again after every event loop turn; false when the process ended first. */
  waitUntil(check: () => boolean): Promise<boolean>;
  finished: Promise<Finished>;
  /** SIGSTOP, resolving once every thread of the process is stopped (its writes in flight done). */
  stop(): Promise<void>;
  resume(): void;
  kill(): void;
}

/** Runs not yet ended, so a failed test never leaves a paused process behind. */
const live = new Set<ChildProcess>();

/** Kills every run this module started that has not ended (for `afterEach`). */
export function killLeftoverRuns(): void {
  for (const c of live) {
    try {
      process.kill(c.pid!, "SIGKILL");
    } catch { /* ended meanwhile */ }
  }
  live.clear();
}

/** Starts `args` with `program`; the working directory is the repository. */
export function startCli(program: CliProgram, args: string[]): CliRun {
  // "node" rather than process.execPath: under `deno test` the latter is deno (tests/cli/signals_test.ts).
  const [cmd, argv] = program.kind === "node" ? ["node", ["--import", "tsx", "cli/main.ts", ...args]] : [program.path, args];
  const child = spawn(cmd, argv, { cwd: root, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  let out = "";
  let stdout = "";
  let ended = false;
  const listeners = new Set<() => void>();
  const poke = () => {
    for (const l of [...listeners]) l();
  };
  child.stdout!.on("data", (c) => (out += c, stdout += c, poke()));
  child.stderr!.on("data", (c) => (out += c, poke()));
  const finished = new Promise<Finished>((resolve) => {
    child.on("close", (code, signal) => {
      ended = true;
      live.delete(child);
      poke();
      resolve({ code, signal, output: out, stdout });
    });
  });
  const waitFor = (pattern: RegExp) =>
    new Promise<boolean>((resolve) => {
      const check = () => {
        if (pattern.test(out)) return listeners.delete(check), resolve(true);
        if (ended) return listeners.delete(check), resolve(false);
      };
      listeners.add(check);
      check();
    });
  const waitUntil = (cond: () => boolean) =>
    new Promise<boolean>((resolve) => {
      const look = () => {
        if (cond()) return resolve(true);
        if (ended) return resolve(false);
        setTimeout(look, 2); // polling an observation, not timing a race
      };
      look();
    });
  return {
    child,
    pid: child.pid!,
    output: () => out,
    waitFor,
    waitUntil,
    finished,
    stop: async () => {
      process.kill(child.pid!, "SIGSTOP");
      await waitUntil(() => allStopped(child.pid!));
    },
    resume: () => void process.kill(child.pid!, "SIGCONT"),
    kill: () => void process.kill(child.pid!, "SIGKILL"),
  };
}

/** True when the lock file `lock` names `pid` as its holder (the run still holds its disk). */
export function holdsLock(lock: string, pid: number): boolean {
  try {
    return JSON.parse(readFileSync(lock, "utf8")).pid === pid;
  } catch {
    return false;
  }
}

/**
 * True when every thread of `pid` is stopped (state `T` in /proc/<pid>/task/<tid>/stat, proc(5)),
 * or the process is gone.
 */
function allStopped(pid: number): boolean {
  try {
    return readdirSync(`/proc/${pid}/task`).every((tid) => {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
      return state === "T" || state === "t" || state === "Z";
    });
  } catch {
    return true;
  }
}

/** Size of `path`, or -1 when it does not exist. */
export function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return -1;
  }
}
