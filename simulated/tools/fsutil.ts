/**
 * Emulated `fsutil sparse setflag <file> [0|1]` and `fsutil sparse queryflag <file>`
 * (learn.microsoft.com: fsutil sparse). The flag lives in the machine state.
 * @module
 */
import type { Tool } from "./tool.ts";
import { textResult } from "./tool.ts";

const IN_USE = "Error:  The process cannot access the file because it is being used by another process.\n";
/** fsutil's refusal when not elevated (the fault `fsutilRequiresAdmin`; docs/windows-facts.md §8). */
const NEEDS_ADMIN = "The FSUTIL utility requires that you have administrative privileges.\n";
const NOT_FOUND = "Error:  The system cannot find the file specified.\n";
const USAGE = "---- SPARSE Commands Supported ----\n\nqueryflag     Query sparse\nqueryrange    Query range\nsetflag       Set sparse\nsetrange      Set sparse range\n";

/** fsutil.exe (the `sparse` family only). */
export const fsutil: Tool = async (args, ctx) => {
  const [family, verb, file, value] = args.map((a, i) => i < 2 ? a.toLowerCase() : a);
  if ((await ctx.machine.read()).faults.fsutilRequiresAdmin && !ctx.elevated) return textResult(1, NEEDS_ADMIN);
  if (family !== "sparse" || !file || (verb !== "setflag" && verb !== "queryflag")) return textResult(1, USAGE);
  const info = await ctx.machine.fs.stat(file);
  if (!info) return textResult(1, NOT_FOUND);
  if (verb === "queryflag") return textResult(0, info.isSparse ? "This file is set as sparse\n" : "This file is NOT set as sparse\n");
  try {
    await ctx.machine.fs.setSparse(file, value !== "0");
  } catch (e) {
    if ((e as { code?: string }).code === "EBUSY") return textResult(1, IN_USE);
    throw e;
  }
  return textResult(0, "");
};
