/**
 * Which code page the Windows console programs write when this process pipes their output: the
 * number `chcp` prints, run the same way as those programs (same console, or none): the console's
 * output code page, the OEM one unless someone ran `chcp` (docs/windows-facts.md §7). Without a
 * console `chcp` prints 0 (Learn GetConsoleOutputCP: 0 means it failed; Wine prints
 * `Active code page: 0` when piped), and the programs write the OEM code page, the `OEMCP` value
 * under HKLM\SYSTEM\CurrentControlSet\Control\Nls\CodePage: Wine's reg.exe does (`á` arrives
 * as 0xA0, code page 437; wine programs/reg/reg.c falls back to GetOEMCP() when WriteConsoleW fails).
 * @module
 */
import type { ExecOptions, ExecResult } from "./host.ts";

/** Registry key whose `OEMCP` / `ACP` values name the OEM and ANSI code pages. */
export const NLS_CODE_PAGE_KEY = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage";

type Exec = (cmd: string, args: string[], opts?: ExecOptions) => Promise<ExecResult>;

/** The last number on `chcp`'s line (`Active code page: 850`, German `Aktive Codepage: 850.`). */
export function parseChcp(output: string): number | undefined {
  const m = /(\d+)\D*$/.exec(output.trim());
  return m ? Number(m[1]) : undefined;
}

/**
 * The console output code page the console programs use, or undefined when it cannot be learned
 * (their output is then read as UTF-8, as before). `exec` must not decode with the answer itself:
 * both programs print ASCII here.
 */
export async function consoleOutputCodePage(exec: Exec): Promise<number | undefined> {
  const r = await exec("cmd", ["/d", "/c", "chcp"], { encoding: "utf8", timeoutMs: 10_000 }).catch(() => null);
  const cp = r && r.code === 0 ? parseChcp(r.stdout) : undefined;
  if (cp !== 0) return cp;
  const oem = await exec("reg", ["query", NLS_CODE_PAGE_KEY, "/v", "OEMCP"], { encoding: "utf8", timeoutMs: 10_000 }).catch(() => null);
  const n = Number(/OEMCP\s+REG_SZ\s+(\d+)/i.exec(oem?.stdout ?? "")?.[1]);
  return n > 0 ? n : undefined;
}
