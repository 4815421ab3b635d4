/**
 * The in-box wsl.exe of Windows 10 (builds 19041–19045, no Store package): which options it knows,
 * and how it rejects the rest. It has tar-only `--export <Distro> <File>`, `--import <Distro>
 * <InstallLocation> <File> [--version <n>]`, `--list [--all|--running|--quiet|--verbose]`,
 * `--set-version`, `--set-default-version`, `--shutdown`, `--terminate`, `--unregister` and the
 * exec forms; no `--version`, `--manage`, `--format`, `--vhd` (docs/windows-facts.md §4:
 * MicrosoftDocs/WSL release notes for builds 18305/18917/20150, MicrosoftDocs/WSL#1210, #1853).
 * An unknown option prints `Invalid command line option: <arg>`, the copyright line and the usage
 * (microsoft/WSL#10975, MicrosoftDocs/WSL#1679, #2001) and exits non-zero: 1 was observed
 * (tailscale/tailscale#3170; inferred). The in-box texts are localized too, but no German text is
 * on record, so this emulator prints them in English on every machine.
 * @module
 */
import type { WslReply } from "./wsl_reply.ts";

/** Exit code the in-box wsl.exe gave for an unknown option (tailscale/tailscale#3170; inferred). */
export const INBOX_INVALID_OPTION_EXIT = 1;

/** What each in-box subcommand accepts after it: positional argument count and the options it knows. */
const INBOX_FORMS: Record<string, { positional: number; options: string[]; optionValues?: string[] }> = {
  "--export": { positional: 2, options: [] },
  "--import": { positional: 3, options: ["--version"], optionValues: ["--version"] },
  "--list": { positional: 0, options: ["--all", "--running", "--quiet", "-q", "--verbose", "-v"] },
  "--shutdown": { positional: 0, options: [] },
  "--terminate": { positional: 1, options: [] },
  "--unregister": { positional: 1, options: [] },
};

/** The first 15 lines of the in-box usage text (microsoft/WSL#10975 shows the whole of it). */
const INBOX_USAGE = [
  "Copyright (c) Microsoft Corporation. All rights reserved.",
  "",
  "Usage: wsl.exe [Argument] [Options...] [CommandLine]",
  "",
  "Arguments for running Linux binaries:",
  "",
  "    If no command line is provided, wsl.exe launches the default shell.",
  "",
  "    --exec, -e <CommandLine>",
  "        Execute the specified command without using the default Linux shell.",
  "",
  "Arguments for managing Windows Subsystem for Linux:",
  "",
  "    --export <Distro> <FileName>",
  "        Exports the distribution to a tar file.",
];

/** The in-box rejection of `arg`: message and usage on stdout, exit 1. */
export function inboxInvalidOption(arg: string): WslReply {
  return { code: INBOX_INVALID_OPTION_EXIT, out: [`Invalid command line option: ${arg}`, ...INBOX_USAGE], err: [] };
}

/**
 * The rejection the in-box wsl.exe gives this command line, or undefined when it understands it.
 * @param first the first argument as given
 * @param rest the arguments after the subcommand (none for the exec forms, which parse the whole line)
 * @param subcommand the subcommand's canonical flag, undefined when none matched
 * @param known whether the in-box wsl.exe has that subcommand at all
 */
export function inboxRejection(first: string, rest: string[], subcommand: string | undefined, known: boolean): WslReply | undefined {
  if (!subcommand || !known) return inboxInvalidOption(first);
  const form = INBOX_FORMS[subcommand];
  if (!form) return undefined;
  let positional = 0;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a.startsWith("-") && a !== "-") {
      if (!form.options.includes(a.toLowerCase())) return inboxInvalidOption(a);
      if (form.optionValues?.includes(a.toLowerCase())) i++;
    } else if (++positional > form.positional) {
      return inboxInvalidOption(a);
    }
  }
  return undefined;
}
