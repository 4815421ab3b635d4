/**
 * Emulated `wsl.exe`: the argument table dispatches to one handler per subcommand, the way
 * WslClient.cpp's `ParseArgs` does (microsoft/WSL: src/windows/common/WslClient.cpp).
 * @module
 */
import type { Tool, ToolContext } from "./tool.ts";
import { encodeReply, fail, ok } from "./wsl_reply.ts";
import { localizeReply } from "./wsl_localized.ts";
import { inboxRejection } from "./wsl_inbox.ts";
import type { WslReply } from "./wsl_reply.ts";
import { WSL_ERROR_CODES, WSL_MESSAGES } from "./wsl_messages.ts";
import { listDistros } from "./wsl_list.ts";
import { exportDistro } from "./wsl_export.ts";
import { importDistro } from "./wsl_import.ts";
import { unregisterDistro } from "./wsl_unregister.ts";
import { manageDistro } from "./wsl_manage.ts";
import { usage } from "./wsl_usage.ts";
import { execInDistro } from "./wsl_exec.ts";
import { findDistro } from "../distros.ts";

type Handler = (args: string[], ctx: ToolContext) => Promise<WslReply>;

interface Subcommand {
  flags: string[];
  handler: Handler;
  /** False for subcommands the old inbox wsl.exe does not know. */
  inbox: boolean;
  /** The handler parses the whole command line (options may come before the command). */
  wholeLine?: boolean;
}

const SUBCOMMANDS: Subcommand[] = [
  { flags: ["--list", "-l"], handler: listDistros, inbox: true },
  { flags: ["--version", "-v"], handler: version, inbox: false },
  { flags: ["--shutdown"], handler: shutdown, inbox: true },
  { flags: ["--terminate", "-t"], handler: terminate, inbox: true },
  { flags: ["--export"], handler: exportDistro, inbox: true },
  { flags: ["--import"], handler: importDistro, inbox: true },
  { flags: ["--unregister"], handler: unregisterDistro, inbox: true },
  { flags: ["--manage"], handler: manageDistro, inbox: false },
  { flags: ["--help", "-h", "/?"], handler: usage, inbox: true },
  { flags: ["-d", "--distribution", "-e", "--exec", "-u", "--user", "--"], handler: execInDistro, inbox: true, wholeLine: true },
];

/** wsl.exe */
export const wsl: Tool = async (args, ctx) => {
  const first = args[0] ?? "";
  const sub = SUBCOMMANDS.find((s) => s.flags.includes(first.toLowerCase()));
  const state = await ctx.machine.read();
  const reply = async (): Promise<WslReply> => {
    if (state.wslVersion === "inbox") {
      // The Windows 10 in-box wsl.exe knows fewer options and says so its own way (docs/windows-facts.md §4).
      const rejected = inboxRejection(first, sub && !sub.wholeLine ? args.slice(1) : [], sub?.flags[0], sub?.inbox ?? false);
      if (rejected) return rejected;
    }
    if (!sub) return invalidArgument(first);
    return sub.handler(sub.wholeLine ? args : args.slice(1), ctx);
  };
  const r = await reply();
  // The in-box wsl.exe prints no `Error code: Wsl/...` line (docs/windows-facts.md §10).
  const shown = state.wslVersion === "inbox" ? { ...r, err: r.err.filter((l) => !l.startsWith("Error code:")) } : r;
  return encodeReply(ctx, localizeReply(shown, state.locale));
};

function invalidArgument(arg: string): WslReply {
  return fail(WSL_MESSAGES.MessageInvalidCommandLine.replace("{}", arg), WSL_ERROR_CODES.invalidCommandLine);
}

/** `wsl --version`: MessagePackageVersions; the inbox wsl.exe rejects it (handled by the table). */
async function version(_args: string[], ctx: ToolContext): Promise<WslReply> {
  const s = await ctx.machine.read();
  return ok(
    `WSL version: ${s.wslVersion}`,
    `Kernel version: ${s.kernelVersion}`,
    "WSLg version: 1.0.65",
    "MSRDC version: 1.2.5716",
    "Direct3D version: 1.611.1-81528511",
    "DXCore version: 10.0.26100.1-240331-1435.ge-release",
    `Windows version: 10.0.${s.windowsBuild}.4460`,
  );
}

/** `wsl --shutdown`: stops every distro and the utility VM; prints nothing. */
async function shutdown(_args: string[], ctx: ToolContext): Promise<WslReply> {
  await ctx.machine.update((s) => void (s.running = []));
  return ok();
}

/** `wsl --terminate <Distro>` */
async function terminate(args: string[], ctx: ToolContext): Promise<WslReply> {
  const d = args[0] ? await findDistro(ctx.machine.registry, args[0]) : undefined;
  if (!d) return fail(WSL_MESSAGES.MessageDistroNotFound, WSL_ERROR_CODES.distroNotFound);
  await ctx.machine.update((s) => void (s.running = s.running.filter((n) => n.toLowerCase() !== d.name.toLowerCase())));
  return ok("The operation completed successfully.");
}
