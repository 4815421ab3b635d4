/**
 * Runs a real program with `node:child_process` and decodes its output.
 * @module
 */
import { spawn } from "node:child_process";
import type { ExecOptions, ExecResult } from "./host.ts";
import { decodeOutput } from "./decode.ts";
import type { CodePageDecoder } from "./decode.ts";

/**
 * Spawns `cmd args` (no shell), feeds stdin, enforces the timeout and decodes stdout/stderr
 * (in `codePage` when given and the output is not UTF-16, with `decode` when given: see decodeOutput).
 */
export function spawnProgram(cmd: string, args: string[], opts: ExecOptions = {}, codePage?: number, decode?: CodePageDecoder): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ? { ...process.env, ...opts.env } : process.env,
      stdio: ["pipe", "pipe", "pipe"],
      windowsHide: true,
    });
    const out: Uint8Array[] = [];
    const err: Uint8Array[] = [];
    let timedOut = false;
    const timer = opts.timeoutMs
      ? setTimeout(() => {
        timedOut = true;
        child.kill();
      }, opts.timeoutMs)
      : undefined;
    const onAbort = () => child.kill();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    child.stdout.on("data", (c: Uint8Array) => out.push(c));
    child.stderr.on("data", (c: Uint8Array) => err.push(c));
    child.stdin.on("error", () => {/* the program may exit without reading stdin */});
    if (opts.stdin !== undefined) child.stdin.end(opts.stdin);
    else child.stdin.end();
    const finish = (code: number, spawnError?: Error) => {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      const stderr = decodeOutput(concat(err), opts.encoding, codePage, decode);
      resolve({
        code,
        stdout: decodeOutput(concat(out), opts.encoding, codePage, decode),
        stderr: spawnError ? `${cmd}: ${spawnError.message}` : stderr,
        timedOut,
      });
    };
    child.on("error", (e) => finish(-1, e));
    child.on("close", (code, signal) => finish(code === null ? (signal ? 128 + 15 : -1) : signedExitCode(code)));
  });
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Windows exit codes are DWORDs and Node reports wsl.exe's -1 as 4294967295; fold the upper half back
 * to negative numbers so callers compare against -1 as ExecResult documents.
 */
export function signedExitCode(code: number): number {
  return code > 0x7fffffff && code <= 0xffffffff ? code - 0x100000000 : code;
}
