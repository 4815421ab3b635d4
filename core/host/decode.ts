/**
 * Decoding of program output. `wsl.exe` writes UTF-16LE (unless `WSL_UTF8=1`) with lines that may end
 * `\r\r\n` (microsoft/WSL: src/windows/common/WslClient.cpp); the console programs of Windows write
 * the console's output code page (docs/windows-facts.md §7); docker.exe (Go) and Linux programs run
 * through `wsl -e` write UTF-8.
 * @module
 */
import { decodeCodePage } from "./code_page.ts";

/**
 * Windows console programs whose piped output is in the console output code page (reg, diskpart,
 * sc, net, tasklist: docs/windows-facts.md §7; the others are built the same way).
 */
const CONSOLE_CODE_PAGE_PROGRAMS = new Set(["reg", "diskpart", "sc", "net", "net1", "tasklist", "taskkill", "fsutil", "schtasks", "defrag", "whoami", "cmd", "chcp", "powershell"]);

/** True when `cmd` (`C:\Windows\System32\reg.exe`, `REG`) writes the console output code page. */
export function writesConsoleCodePage(cmd: string): boolean {
  return CONSOLE_CODE_PAGE_PROGRAMS.has(cmd.replace(/^.*[\\/]/, "").toLowerCase().replace(/\.(exe|com)$/, ""));
}

/** True when bytes look like UTF-16LE text: a BOM, or NULs in most odd positions of ASCII-range text. */
export function looksLikeUtf16le(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return true;
  if (bytes.length < 2) return false;
  let pairs = 0;
  let nulHigh = 0;
  for (let i = 0; i + 1 < bytes.length && pairs < 256; i += 2, pairs++) {
    if (bytes[i + 1] === 0 && bytes[i] !== 0) nulHigh++;
  }
  return nulHigh * 2 > pairs;
}

/** A converter from a code page to text: MultiByteToWideChar on Windows (core/host/win32/). */
export type CodePageDecoder = (bytes: Uint8Array, codePage: number) => string;

/**
 * Decodes program output to text with normalised `\n` line ends and no BOM. With `codePage`
 * (the console output code page, for {@link writesConsoleCodePage} programs) non-UTF-16 output is
 * read in that code page instead of UTF-8, with `decode` when given (the OS's converter), else with
 * the tables of code_page.ts. Output asked for as UTF-8 that is UTF-16LE by its content (NULs in the
 * high bytes, which UTF-8 text never has) is read as UTF-16LE: the in-box wsl.exe ignores `WSL_UTF8`
 * (docs/windows-facts.md §10).
 */
export function decodeOutput(bytes: Uint8Array, encoding: "utf8" | "utf16le" | "auto" = "auto", codePage?: number, decode?: CodePageDecoder): string {
  const useUtf16 = encoding === "utf16le" || looksLikeUtf16le(bytes);
  const text = useUtf16 ? new TextDecoder("utf-16le").decode(bytes)
    : encoding === "auto" && codePage !== undefined ? decodeWith(bytes, codePage, decode)
    : new TextDecoder("utf-8").decode(bytes);
  return text.replace(/^\uFEFF/, "").replace(/\r+\n/g, "\n").replace(/\r$/, "");
}

function decodeWith(bytes: Uint8Array, codePage: number, decode: CodePageDecoder | undefined): string {
  if (decode) {
    try {
      return decode(bytes, codePage);
    } catch {
      // a code page the OS does not know: the tables below
    }
  }
  return decodeCodePage(bytes, codePage);
}

/** Encodes text as UTF-16LE the way `wsl.exe` prints it (no BOM, `\r\r\n` line ends kept as given). */
export function encodeUtf16le(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i * 2] = c & 0xff;
    out[i * 2 + 1] = c >> 8;
  }
  return out;
}
