/**
 * Emulated `net stop <service>` and `net start <service>`. Unlike `sc stop`, which returns while the
 * service is still STOP_PENDING, `net stop` waits until it has stopped, so the caller can re-check the
 * file right after. Texts are NET's (learn.microsoft.com "Net stop", "Net start"; message numbers
 * from `NET HELPMSG`): success on stdout with exit 0; every failure on stderr with exit 2, e.g.
 * "System error 5 has occurred. Access is denied." for a process that is not elevated.
 * @module
 */
import type { ToolContext, ToolResult } from "./tool.ts";
import { textResult } from "./tool.ts";
import { findService, setServiceRunning } from "./services.ts";

/** NET's exit code for every failure. */
export const NET_ERROR_EXIT = 2;

const fail = (text: string) => textResult(NET_ERROR_EXIT, "", text);
const helpmsg = (text: string, id: number) => fail(`${text}\n\nMore help is available by typing NET HELPMSG ${id}.\n\n`);

/** `net stop|start <name>`. */
export async function netService(verb: "stop" | "start", name: string | undefined, ctx: ToolContext): Promise<ToolResult> {
  if (!name) return fail(`The syntax of this command is:\n\nNET ${verb.toUpperCase()}\nservice\n\n`);
  const service = await findService(ctx, name);
  if (!service) return helpmsg("The service name is invalid.", 2185);
  if (!ctx.elevated) return fail("System error 5 has occurred.\n\nAccess is denied.\n\n");
  const d = service.displayName;
  if (verb === "stop") {
    if (!service.running) return helpmsg(`The ${d} service is not started.`, 3521);
    await setServiceRunning(ctx, false);
    return textResult(0, `The ${d} service is stopping.\nThe ${d} service was stopped successfully.\n\n`);
  }
  if (service.running) return helpmsg("The requested service has already been started.", 2182);
  await setServiceRunning(ctx, true);
  return textResult(0, `The ${d} service is starting.\nThe ${d} service was started successfully.\n\n`);
}
