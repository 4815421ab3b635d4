/**
 * The shape of an emulated Windows program: a function of its arguments, environment and the
 * machine it runs on, returning an exit code and the exact bytes it would print. Each one can be
 * wrapped as a standalone program (tests/windows) as well as run in-process by SimulatedHost.
 * @module
 */
import type { Machine } from "../machine.ts";
import { utf16le as encodeUtf16le } from "../code_pages.ts";

/** What a finished emulated program leaves behind. */
export interface ToolResult {
  /** Exit code as the program returns it (wsl.exe's failures are -1). */
  code: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
}

/** Runs another program on the same machine (PowerShell's Start-Process, `cmd /c`). */
export type ToolRunner = (cmd: string, args: string[], opts?: { elevated?: boolean }) => Promise<ToolResult>;

/** Everything an emulated program may use. */
export interface ToolContext {
  /** The process environment (the machine's user environment plus per-call variables). */
  env: Record<string, string>;
  machine: Machine;
  /** True when the program runs with an elevated token. */
  elevated: boolean;
  /** Aborted when the caller presses Ctrl-C (the program is terminated mid-way). */
  signal?: AbortSignal;
  stdin?: Uint8Array;
  run: ToolRunner;
}

/** An emulated program. */
export type Tool = (args: string[], ctx: ToolContext) => Promise<ToolResult>;

/** Thrown inside a tool when its process is terminated (Ctrl-C); the host reports it like a killed child. */
export class ToolTerminated extends Error {
  constructor() {
    super("terminated");
  }
}

/**
 * Called at every chunk an emulated tool of this process reads or writes, before it checks for an
 * abort: a test interrupts a run on its Nth chunk with it (a Ctrl-C at a known point, no timers).
 */
export const chunkObservers = new Set<() => void>();

/** Waits the configured per-chunk delay, tells {@link chunkObservers}, then stops if the caller aborted. */
export async function checkpoint(ctx: ToolContext): Promise<void> {
  const delay = (await ctx.machine.read()).faults.chunkDelayMs ?? 0;
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  for (const observe of [...chunkObservers]) observe();
  if (ctx.signal?.aborted) throw new ToolTerminated();
}

/** Text in the console code page (ASCII for everything emulated here), CRLF line ends. */
export function oem(text: string): Uint8Array {
  return new TextEncoder().encode(text.replace(/\r?\n/g, "\r\n"));
}

/** A result with console-code-page text. */
export function textResult(code: number, stdout: string, stderr = ""): ToolResult {
  return { code, stdout: oem(stdout), stderr: oem(stderr) };
}

/** wsl.exe's encoding: UTF-16LE unless WSL_UTF8=1 (microsoft/WSL: src/windows/common/wslutil.cpp, since 0.64.0). */
export function wslText(env: Record<string, string>, text: string): Uint8Array {
  return env.WSL_UTF8 === "1" ? new TextEncoder().encode(text) : encodeUtf16le(text);
}

/** Case-insensitive lookup of a `-Name value` / `--name value` argument. */
export function argValue(args: string[], ...names: string[]): string | undefined {
  const wanted = names.map((n) => n.toLowerCase());
  const i = args.findIndex((a) => wanted.includes(a.toLowerCase()));
  return i >= 0 ? args[i + 1] : undefined;
}

/** True when one of `names` appears (case-insensitive). */
export function hasFlag(args: string[], ...names: string[]): boolean {
  const wanted = names.map((n) => n.toLowerCase());
  return args.some((a) => wanted.includes(a.toLowerCase()));
}
