/**
 * Emulated `sc.exe query <service>`: the SERVICE_NAME block with the `STATE : <code>  <NAME>` line
 * (learn.microsoft.com "sc.exe query"). The field labels are translated (German `STATUS` for
 * `STATE`, docs/windows-facts.md §11); the product asks the Service Control Manager's API instead. Like sc.exe, a failure exits with the Win32 error code: 1060
 * (ERROR_SERVICE_DOES_NOT_EXIST) for a service that is not installed. Querying needs no elevation.
 * @module
 */
import type { Tool } from "./tool.ts";
import { textResult } from "./tool.ts";
import { findService, SERVICE_STATE_CODE } from "./services.ts";

/** ERROR_SERVICE_DOES_NOT_EXIST (winerror.h). */
const ERROR_SERVICE_DOES_NOT_EXIST = 1060;

/** sc.exe (`query <name>` only). */
export const sc: Tool = async (args, ctx) => {
  if ((args[0] ?? "").toLowerCase() !== "query" || !args[1]) {
    return textResult(1, "This emulation answers sc query <service> only.\n");
  }
  const service = await findService(ctx, args[1]);
  if (!service) {
    return textResult(ERROR_SERVICE_DOES_NOT_EXIST, `[SC] EnumQueryServicesStatus:OpenService FAILED ${ERROR_SERVICE_DOES_NOT_EXIST}:\n\nThe specified service does not exist as an installed service.\n\n`);
  }
  const label = (await ctx.machine.read()).locale === "de-DE" ? "STATUS" : "STATE";
  const state = service.running ? `${SERVICE_STATE_CODE.running}  RUNNING\n                                (STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)` : `${SERVICE_STATE_CODE.stopped}  STOPPED`;
  return textResult(0, `\nSERVICE_NAME: ${service.name}\n` +
    `        TYPE               : 10  WIN32_OWN_PROCESS\n` +
    `        ${label.padEnd(19)}: ${state}\n` +
    `        WIN32_EXIT_CODE    : 0  (0x0)\n` +
    `        SERVICE_EXIT_CODE  : 0  (0x0)\n` +
    `        CHECKPOINT         : 0x0\n` +
    `        WAIT_HINT          : 0x0\n`);
};
