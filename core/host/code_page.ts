/**
 * Text in the code pages Windows console programs write when their output is piped: the console's
 * output code page, by default the OEM one (437 United States, 850 Western Europe), `chcp 65001`
 * for UTF-8, and the ANSI code page (1252) when there is no console at all (docs/windows-facts.md §7;
 * Learn: GetConsoleOutputCP, "Code Page Identifiers"). 437, 850 and 1252 are tabled here because the
 * runtimes' TextDecoder (WHATWG Encoding) knows neither 437 nor 850; others go to TextDecoder.
 * @module
 */

/** Bytes 0x80–0xFF of code page 437 (Learn "Code Page Identifiers"; checked against iconv in the tests). */
const CP437_HIGH = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";
/** Bytes 0x80–0xFF of code page 850. */
const CP850_HIGH = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0";
/** Bytes 0x80–0x9F of code page 1252 (0xA0–0xFF are Latin-1); U+FFFD where the byte is undefined. */
const CP1252_80 = "€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ";

/** The UTF-8 code page (`chcp 65001`). */
export const CP_UTF8 = 65001;

function tableOf(codePage: number): string | undefined {
  if (codePage === 437) return CP437_HIGH;
  if (codePage === 850) return CP850_HIGH;
  if (codePage === 1252) return CP1252_80 + Array.from({ length: 96 }, (_, i) => String.fromCharCode(0xa0 + i)).join("");
  return undefined;
}

/** WHATWG labels of other common console code pages. */
const LABELS: Record<number, string> = {
  866: "ibm866", 874: "windows-874", 932: "shift_jis", 936: "gbk", 949: "euc-kr", 950: "big5",
  1250: "windows-1250", 1251: "windows-1251", 1253: "windows-1253", 1254: "windows-1254", 1255: "windows-1255",
  1256: "windows-1256", 1257: "windows-1257", 1258: "windows-1258", [CP_UTF8]: "utf-8",
};

/** Decodes bytes written in `codePage`; a code page this runtime cannot decode is read as UTF-8. */
export function decodeCodePage(bytes: Uint8Array, codePage: number): string {
  const table = tableOf(codePage);
  if (table) {
    let out = "";
    for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : table[b - 0x80];
    return out;
  }
  try {
    return new TextDecoder((LABELS[codePage] ?? "utf-8") as "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

/**
 * Encodes text in `codePage`, or null when a character has no byte there. Code pages without a
 * table here encode ASCII text only (every console code page keeps ASCII as it is).
 */
export function encodeCodePage(text: string, codePage: number): Uint8Array | null {
  if (codePage === CP_UTF8) return new TextEncoder().encode(text);
  const table = tableOf(codePage);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) out[i] = c;
    else {
      const at = table?.indexOf(text[i]) ?? -1;
      if (at < 0 || text[i] === "\ufffd") return null;
      out[i] = 0x80 + at;
    }
  }
  return out;
}
