/**
 * Emulated `net session`: succeeds only in an elevated process, the elevation test of RESEARCH.md §6.
 * @module
 */
import type { Tool } from "./tool.ts";
import { textResult } from "./tool.ts";

/** net.exe (`session` only). */
export const net: Tool = (args, ctx) => {
  if ((args[0] ?? "").toLowerCase() !== "session") return Promise.resolve(textResult(1, "", "The syntax of this command is:\n\nNET\n"));
  return Promise.resolve(ctx.elevated
    ? textResult(0, "There are no entries in the list.\n\n")
    : textResult(2, "", "System error 5 has occurred.\n\nAccess is denied.\n\n"));
};
