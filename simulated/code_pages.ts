/**
 * The emulated console programs' own code pages (docs/windows-facts.md §7: piped console output is
 * written in the console output code page, by default the OEM one — 437 United States, 850 Western
 * Europe — and 1252 is the ANSI code page of Western Windows; Learn "Code Page Identifiers"). The
 * tables hold bytes 0x80–0xFF and were generated from Python's cp437/cp850/cp1252 codecs;
 * code_pages_test.ts holds them to iconv. Kept apart from the product's decoder
 * (core/host/code_page.ts) so the emulators never write text with the code they are testing.
 * @module
 */

const HIGH: Record<number, string> = {
  437: "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0",
  850: "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0",
  1252: "€�‚ƒ„…†‡ˆ‰Š‹Œ�Ž��‘’“”•–—˜™š›œ�žŸ\u00a0¡¢£¤¥¦§¨©ª«¬\u00ad®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ",
};

/** The UTF-8 code page (`chcp 65001`). */
export const UTF8_CODE_PAGE = 65001;

/** Code pages with a table here. */
export const TABLED_CODE_PAGES = [437, 850, 1252] as const;

/** Text of bytes written in `codePage` (437, 850, 1252 or 65001; anything else is read as UTF-8). */
export function decodeCodePage(bytes: Uint8Array, codePage: number): string {
  const high = HIGH[codePage];
  if (!high) return new TextDecoder().decode(bytes);
  const chars: string[] = [];
  for (const b of bytes) chars.push(b >= 0x80 ? high[b - 0x80] : String.fromCharCode(b));
  return chars.join("");
}

/**
 * Bytes of `text` in `codePage`, or null when some character has no byte there (the caller writes
 * `?` for it, as WideCharToMultiByte's default character). Without a table only ASCII is written.
 */
export function encodeCodePage(text: string, codePage: number): Uint8Array | null {
  if (codePage === UTF8_CODE_PAGE) return new TextEncoder().encode(text);
  const high = HIGH[codePage] ?? "";
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) {
      bytes.push(code);
      continue;
    }
    const at = ch === "\ufffd" ? -1 : high.indexOf(ch);
    if (at < 0) return null;
    bytes.push(0x80 + at);
  }
  return Uint8Array.from(bytes);
}

/** `text` as UTF-16LE bytes, no BOM (what wsl.exe writes unless WSL_UTF8=1; docs/windows-facts.md). */
export function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), true);
  return out;
}
