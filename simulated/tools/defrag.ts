/**
 * Emulated `defrag <drive>: /L` (Microsoft Drive Optimizer's retrim): tells the storage under the
 * volume which clusters are free, so a dynamic VHDX or thin storage holding it can release them.
 * Needs an elevated process (learn.microsoft.com "defrag": "You must be an administrator").
 * Banner and report follow Windows 10/11 output; the wording of the refusal is *unconfirmed*, so
 * callers judge by exit code only.
 * @module
 */
import type { Tool } from "./tool.ts";
import { hasFlag, textResult } from "./tool.ts";

const BANNER = "Microsoft Drive Optimizer\nCopyright (c) Microsoft Corp.\n\n";
/** Exit code of a refused run (the HRESULT's low word is not what cmd sees; defrag exits non-zero). */
const DENIED_EXIT = 1;

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GB`;

/** defrag.exe (`<drive>: /L` and `/O`; other operations are refused here). */
export const defrag: Tool = async (args, ctx) => {
  const drive = /^([A-Za-z]):\\?$/.exec(args[0] ?? "")?.[1]?.toUpperCase();
  if (!drive) return textResult(1, BANNER + "The parameter is incorrect. (0x80070057)\n");
  if (!hasFlag(args, "/l", "/o", "/retrim", "/optimize")) return textResult(1, BANNER + "This emulation supports /L (retrim) and /O only.\n");
  if (!ctx.elevated) return textResult(DENIED_EXIT, BANNER + "The disk defragmenter cannot start because you have insufficient privileges to perform this operation. (0x89000024)\n");
  const state = await ctx.machine.read();
  const d = state.drives[drive];
  if (!d) return textResult(1, BANNER + `The volume ${drive}: could not be found. (0x89000012)\n`);
  const free = await ctx.machine.fs.freeSpace(`${drive}:\\`);
  return textResult(0, `${BANNER}Invoking retrim on (${drive}:)...\n\n\nThe operation completed successfully.\n\nPost Defragmentation Report:\n\n` +
    `\tVolume Information:\n\t\tFree space                  = ${gb(free)}\n\n\tRetrim:\n\t\tTotal space trimmed         = ${gb(free)}\n`);
};
