/**
 * The code page of the emulated console programs (diskpart, reg, sc, net, tasklist, fsutil,
 * powershell): they write their piped output, and diskpart reads its script, in the console output
 * code page that `chcp` reports, and in the OEM code page (`OEMCP`) when there is no console and
 * `chcp` says 0 (docs/windows-facts.md §7; core/host/console_code_page.ts; WideCharToMultiByte
 * writes unmappable characters as the default character `?`). In SimulatedHost `chcp` is the
 * emulated one (the machine's `oemCodePage`); under Wine it is Wine's own cmd, which has no console
 * when piped and says 0, and Wine's registry names 437.
 * @module
 */
import type { Tool, ToolContext } from "./tool.ts";
import { decodeCodePage, encodeCodePage } from "../code_pages.ts";

/** Registry key naming the OEM code page (`OEMCP`). */
const NLS_CODE_PAGE_KEY = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage";
/** The OEM code page of US English Windows (Learn "Code Page Identifiers"). */
const DEFAULT_OEM = 437;

const isAscii = (b: Uint8Array) => b.every((x) => x < 0x80);

/** The code page a console program of this machine writes in right now. */
export async function consoleCodePage(ctx: ToolContext): Promise<number> {
  const r = await ctx.run("cmd", ["/d", "/c", "chcp"]);
  const cp = Number(/(\d+)\D*$/.exec(new TextDecoder().decode(r.stdout).trim())?.[1] ?? NaN);
  if (cp > 0) return cp;
  const oem = Number((await ctx.machine.registry.values(NLS_CODE_PAGE_KEY))?.OEMCP);
  return oem > 0 ? oem : DEFAULT_OEM;
}

/** Text in the console code page, unmappable characters as `?`. */
export async function toConsoleBytes(text: string, ctx: ToolContext): Promise<Uint8Array> {
  const utf8 = new TextEncoder().encode(text);
  if (isAscii(utf8)) return utf8;
  const cp = await consoleCodePage(ctx);
  return encodeCodePage(text, cp) ?? encodeCodePage(Array.from(text, (c) => encodeCodePage(c, cp) ? c : "?").join(""), cp)!;
}

/** Reads bytes written in the console code page (a diskpart script). */
export async function fromConsoleBytes(bytes: Uint8Array, ctx: ToolContext): Promise<string> {
  return isAscii(bytes) ? new TextDecoder().decode(bytes) : decodeCodePage(bytes, await consoleCodePage(ctx));
}

/** Wraps a tool whose texts are written as UTF-8 (textResult) so it prints in the console code page. */
export function inConsoleCodePage(tool: Tool): Tool {
  return async (args, ctx) => {
    const r = await tool(args, ctx);
    const recode = async (b: Uint8Array) => (isAscii(b) ? b : toConsoleBytes(new TextDecoder().decode(b), ctx));
    return { code: r.code, stdout: await recode(r.stdout), stderr: await recode(r.stderr) };
  };
}
