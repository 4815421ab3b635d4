/**
 * Emulated `whoami /groups`: the mandatory label row is `S-1-16-12288` (High) in an elevated process,
 * `S-1-16-8192` (Medium) otherwise (docs/research.md §6).
 * @module
 */
import type { Tool } from "./tool.ts";
import { textResult } from "./tool.ts";

const HEADER = "\nGROUP INFORMATION\n-----------------\n\n" +
  "Group Name                             Type             SID          Attributes\n" +
  "====================================== ================ ============ ==================================================\n" +
  "Everyone                               Well-known group S-1-1-0      Mandatory group, Enabled by default, Enabled group\n";

/** whoami.exe (`/groups` only; otherwise the user name). */
export const whoami: Tool = (args, ctx) => {
  if (!args.some((a) => a.toLowerCase() === "/groups")) return Promise.resolve(textResult(0, "simulated-pc\\me\n"));
  const label = ctx.elevated
    ? "Mandatory Label\\High Mandatory Level   Label            S-1-16-12288\n"
    : "Mandatory Label\\Medium Mandatory Level Label            S-1-16-8192\n";
  const admins = ctx.elevated
    ? "BUILTIN\\Administrators                 Alias            S-1-5-32-544 Mandatory group, Enabled by default, Enabled group, Group owner\n"
    : "BUILTIN\\Administrators                 Alias            S-1-5-32-544 Group used for deny only\n";
  return Promise.resolve(textResult(0, HEADER + admins + label));
};
