/**
 * Emulated `net.exe`: `net session`, which succeeds only in an elevated process (the elevation test
 * of docs/research.md §6) and the Server service runs (else System error 2184, docs/windows-facts.md
 * §11), and `net stop|start <service>` (see net_service.ts).
 * @module
 */
import type { Tool } from "./tool.ts";
import { textResult } from "./tool.ts";
import { netService } from "./net_service.ts";

/** net.exe (`session`, `stop`, `start`). */
export const net: Tool = async (args, ctx) => {
  const verb = (args[0] ?? "").toLowerCase();
  if (verb === "stop" || verb === "start") return netService(verb, args[1], ctx);
  if (verb !== "session") return textResult(1, "", "The syntax of this command is:\n\nNET\n");
  if ((await ctx.machine.read()).faults.serverServiceStopped) return textResult(2, "", "System error 2184 has occurred.\n\nThe service has not been started.\n\n");
  return (ctx.elevated
    ? textResult(0, "There are no entries in the list.\n\n")
    : textResult(2, "", "System error 5 has occurred.\n\nAccess is denied.\n\n"));
};
