/**
 * How wsl.exe prints: UTF-16LE unless WSL_UTF8=1, messages on stdout, failures on stderr followed by
 * `Error code: Wsl/...`, exit code -1 (microsoft/WSL: src/windows/common/WslClient.cpp, wslutil.cpp).
 * @module
 */
import type { ToolContext, ToolResult } from "./tool.ts";
import { wslText } from "./tool.ts";
import { WSL_FAILURE } from "./wsl_messages.ts";

/** A reply under construction. */
export interface WslReply {
  code: number;
  out: string[];
  err: string[];
  /** Output of a Linux command (`wsl -e`): UTF-8 bytes as the command wrote them. */
  passThrough?: { stdout: string; stderr: string };
}

/** A successful reply with stdout lines. */
export const ok = (...out: string[]): WslReply => ({ code: 0, out, err: [] });

/** A failed reply: the message, then its error code, on stderr; exit -1. */
export const fail = (message: string, errorCode: string, out: string[] = []): WslReply => ({
  code: WSL_FAILURE,
  out,
  err: [message, `Error code: ${errorCode}`],
});

/**
 * Encodes a reply. UTF-16 output ends lines `\r\r\n` as seen when wsl.exe's CRLF passes through the
 * console's text-mode translation (docs/research.md §4); UTF-8 output ends them `\r\n`.
 */
export function encodeReply(ctx: ToolContext, r: WslReply): ToolResult {
  if (r.passThrough) {
    const utf8 = new TextEncoder();
    return { code: r.code, stdout: utf8.encode(r.passThrough.stdout), stderr: utf8.encode(r.passThrough.stderr) };
  }
  const eol = ctx.env.WSL_UTF8 === "1" ? "\r\n" : "\r\r\n";
  const text = (lines: string[]) => lines.length ? lines.join("\n").replace(/\n/g, eol) + eol : "";
  return { code: r.code, stdout: wslText(ctx.env, text(r.out)), stderr: wslText(ctx.env, text(r.err)) };
}

/** True when dotted version `v` is at least `min` ("inbox" is older than everything). */
export function versionAtLeast(v: string, min: string): boolean {
  if (v === "inbox") return false;
  const a = v.split(".").map(Number), b = min.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}
