/**
 * Emulated `cmd.exe /d /c chcp`, the one cmd line the product runs (core/host/console_code_page.ts):
 * `chcp` prints the console's active code page (Learn "chcp": `Active code page: 437`); a German
 * Windows words it `Aktive Codepage: 850.` (localized, inferred). The machine's console code page is
 * its OEM one (`oemCodePage`, 437 when absent), as in a console nobody ran `chcp` in.
 * @module
 */
import type { Tool } from "./tool.ts";
import { textResult } from "./tool.ts";

/** cmd.exe (`/c chcp` only). */
export const cmd: Tool = async (args, ctx) => {
  const rest = args.filter((a) => !/^\/[dq]$/i.test(a));
  if (rest[0]?.toLowerCase() !== "/c" || rest[1]?.toLowerCase() !== "chcp" || rest.length > 2) {
    return textResult(1, "", "vhdx-shrink emulator: only `cmd /c chcp` is emulated\n");
  }
  const s = await ctx.machine.read();
  const cp = s.oemCodePage ?? 437;
  return textResult(0, s.locale === "de-DE" ? `Aktive Codepage: ${cp}.\n` : `Active code page: ${cp}\n`);
};
