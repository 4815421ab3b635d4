/**
 * `wsl --list [--verbose|--quiet]`. Verbose: header `  NAME  STATE  VERSION`, `*` marks the default,
 * state words always English (WslClient.cpp `ListDistributionsHelper`; docs/research.md §4).
 * @module
 */
import type { ToolContext } from "./tool.ts";
import { hasFlag } from "./tool.ts";
import { fail, ok } from "./wsl_reply.ts";
import type { WslReply } from "./wsl_reply.ts";
import { WSL_ERROR_CODES, WSL_MESSAGES } from "./wsl_messages.ts";
import { LXSS_FLAG_VM_MODE, readDistros } from "../distros.ts";
import { LXSS_KEY } from "../state.ts";

/** Registry `State` values other than "installed" and their list words. */
const STATE_WORDS: Record<number, string> = { 3: "Installing", 4: "Uninstalling", 5: "Converting", 6: "Exporting" };

/** Lists registered distros. */
export async function listDistros(args: string[], ctx: ToolContext): Promise<WslReply> {
  // The `listFails` fault: the service does not answer (E_UNEXPECTED, "Catastrophic failure" from Windows' message table).
  if ((await ctx.machine.read()).faults.listFails) return fail("Catastrophic failure", "Wsl/Service/E_UNEXPECTED");
  const distros = await readDistros(ctx.machine.registry);
  if (distros.length === 0) return fail(WSL_MESSAGES.MessageNoDefaultDistro, WSL_ERROR_CODES.noDistros);
  const state = await ctx.machine.read();
  const running = new Set(state.running.map((n) => n.toLowerCase()));
  const defaultId = String((await ctx.machine.registry.values(LXSS_KEY))?.DefaultDistribution ?? "").toLowerCase();
  const isDefault = (guid: string) => guid.toLowerCase() === defaultId;
  const ordered = [...distros.filter((d) => isDefault(d.guid)), ...distros.filter((d) => !isDefault(d.guid))];
  if (hasFlag(args, "--quiet", "-q")) return ok(...ordered.map((d) => d.name));
  if (hasFlag(args, "--verbose", "-v")) {
    const width = Math.max(4, ...ordered.map((d) => d.name.length)) + 9;
    const row = (mark: string, name: string, st: string, v: string) => `${mark} ${name.padEnd(width)}${st.padEnd(16)}${v}`;
    return ok(row(" ", "NAME", "STATE", "VERSION"), ...ordered.map((d) =>
      row(isDefault(d.guid) ? "*" : " ", d.name,
        STATE_WORDS[d.state] ?? (running.has(d.name.toLowerCase()) ? "Running" : "Stopped"),
        d.flags & LXSS_FLAG_VM_MODE ? "2" : "1")));
  }
  // Plain --list: translated header (MessageRegisteredDistrosHeader), "(Default)" after the default.
  return ok("Windows Subsystem for Linux Distributions:",
    ...ordered.map((d) => isDefault(d.guid) ? `${d.name} (Default)` : d.name));
}
