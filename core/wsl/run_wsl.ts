/**
 * Running `wsl.exe`: UTF-16LE output unless `WSL_UTF8=1` (docs/research.md §4), success by exit code,
 * failures carrying the `Error code: Wsl/...` token.
 * @module
 */
import type { Host } from "../host/host.ts";
import { parseWslErrorCode, WslCommandError } from "./wsl_error.ts";

/** The program name; Windows resolves it through PATH (System32 or the Store package). */
export const WSL_EXE = "wsl.exe";

/** Options for one wsl.exe call. */
export interface WslCallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** The command runs a Linux program (`-e`): its output passes through as UTF-8. */
  linuxOutput?: boolean;
}

/** A finished wsl.exe call. */
export interface WslResult {
  code: number;
  stdout: string;
  stderr: string;
  /** `Wsl/...` error code when wsl.exe printed one. */
  wslCode?: string;
}

/** Runs `wsl.exe args`, decoding its output the way it was written. */
export async function runWsl(host: Host, args: string[], opts: WslCallOptions = {}): Promise<WslResult> {
  const utf8 = opts.linuxOutput || host.env("WSL_UTF8") === "1";
  const r = await host.exec(WSL_EXE, args, { encoding: utf8 ? "utf8" : "utf16le", signal: opts.signal, timeoutMs: opts.timeoutMs });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, wslCode: parseWslErrorCode(`${r.stderr}\n${r.stdout}`) };
}

/** Runs `wsl.exe args` and throws {@link WslCommandError} unless it exits 0. */
export async function runWslOk(host: Host, args: string[], what: string, opts: WslCallOptions = {}): Promise<WslResult> {
  const r = await runWsl(host, args, opts);
  if (r.code !== 0) throw wslFailure(r, what, args);
  return r;
}

/** The error for a failed call: what was attempted, the code WSL gave, and the command to retry by hand. */
export function wslFailure(r: WslResult, what: string, args: string[]): WslCommandError {
  const first = (r.stderr || r.stdout).split("\n").map((l) => l.trim()).find((l) => l && !/^Error code:/i.test(l));
  const detail = [first, r.wslCode].filter(Boolean).join(" ");
  return new WslCommandError(`${what} failed (exit ${r.code}${detail ? `: ${detail}` : ""}); command: ${formatWslCommand(args)}`, r.code, r.wslCode);
}

/** `wsl.exe a b "c d"` as a user would type it. */
export function formatWslCommand(args: string[]): string {
  return [WSL_EXE, ...args].map(quoteArg).join(" ");
}

/** Quotes an argument for display when it has spaces. */
export function quoteArg(a: string): string {
  return /[\s"]/.test(a) ? `"${a.replace(/"/g, '\\"')}"` : a;
}
