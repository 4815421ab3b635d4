/**
 * `wsl --help`: the usage text, shortened to the parts the product reads — the `--manage` options,
 * from `localization/strings/en-US/Resources.resw` (MessageUsage) of microsoft/WSL, with
 * `--compact` where the emulated release has it (PR #40481 adds it there; simulated/tools/wsl_compact.ts).
 * The in-box wsl.exe has no `--manage` section (docs/windows-facts.md §4).
 * @module
 */
import type { ToolContext } from "./tool.ts";
import { ok } from "./wsl_reply.ts";
import type { WslReply } from "./wsl_reply.ts";
import { knowsCompact } from "./wsl_compact.ts";

/** The usage text of the emulated release. */
export async function usage(_args: string[], ctx: ToolContext): Promise<WslReply> {
  const v = (await ctx.machine.read()).wslVersion;
  const lines = [
    "Copyright (c) Microsoft Corporation. All rights reserved.",
    "",
    "Usage: wsl.exe [Argument] [Options...] [CommandLine]",
    "",
    "Arguments for managing Windows Subsystem for Linux:",
    "",
    "    --list, -l [Options]",
    "        Lists distributions.",
    "",
    "    --shutdown",
    "        Immediately terminates all running distributions and the WSL 2",
    "        lightweight utility virtual machine.",
    "",
    "    --terminate, -t <Distro>",
    "        Terminates the specified distribution.",
  ];
  if (v !== "inbox") {
    lines.push(
      "",
      "    --manage <Distro> <Options...>",
      "        Changes distro specific options.",
      "",
      "        Options:",
      "            --move <Location>",
      "                Move the distribution to a new location.",
      "",
      "            --set-sparse, -s <true|false>",
      "                Set the vhdx of distro to be sparse, allowing disk space to be automatically reclaimed.",
      "",
      "            --resize <MemoryString>",
      "                Resize the disk of the distribution to the specified size.",
    );
    if (knowsCompact(v)) lines.push("", "            --compact", "                Compact the VHDX file of a WSL 2 distribution; a running distribution is stopped first.");
  }
  return ok(...lines);
}
