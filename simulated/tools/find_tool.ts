/**
 * The emulated Windows programs by the names callers use (`wsl`, `wsl.exe`, `diskpart`, ...): the
 * table of programs and {@link findTool}.
 * @module
 */
import type { Tool } from "./tool.ts";
import { wsl } from "./wsl.ts";
import { diskpart } from "./diskpart.ts";
import { powershell } from "./powershell.ts";
import { fsutil } from "./fsutil.ts";
import { net } from "./net.ts";
import { whoami } from "./whoami.ts";
import { reg } from "./reg.ts";
import { docker } from "./docker.ts";
import { taskkill, tasklist } from "./tasklist.ts";
import { schtasks } from "./schtasks.ts";
import { defrag } from "./defrag.ts";
import { sc } from "./sc.ts";
import { podman, rdctl } from "./other_engines.ts";
import { cmd } from "./cmd.ts";
import { inConsoleCodePage } from "./console_text.ts";
import { toolName } from "./tool_names.ts";
import type { ToolName } from "./tool_names.ts";

/**
 * Emulated programs by lower-case base name without `.exe`. Console programs print in the console
 * code page (console_text.ts); wsl.exe (UTF-16LE) and docker.exe (UTF-8) choose their own encoding.
 */
export const TOOLS: Readonly<Record<ToolName, Tool>> = {
  wsl, docker, cmd,
  ...consoleTools({ diskpart, powershell, fsutil, net, whoami, reg, tasklist, taskkill, schtasks, defrag, sc, rdctl, podman }),
};

function consoleTools<T extends Record<string, Tool>>(tools: T): T {
  return Object.fromEntries(Object.entries(tools).map(([name, tool]) => [name, inConsoleCodePage(tool)])) as T;
}

/** The tool for a command as written (`C:\Windows\System32\wsl.exe`, `WSL`, `powershell.exe`), if emulated. */
export function findTool(cmd: string): Tool | undefined {
  const name = toolName(cmd);
  return name ? TOOLS[name] : undefined;
}
