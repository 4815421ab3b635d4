/**
 * The options every command takes (`--json`, `--quiet`, `--plugin`…), added to the program and to
 * each subcommand, so `vhdx-shrink plugins --json` and `vhdx-shrink --json plugins` both work.
 * @module
 */
import { Option } from "commander";
import type { Command } from "commander";
import { collect } from "./plugin_flags.ts";

/** Global options every command sees. */
export interface GlobalOptions {
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  debug?: boolean;
  color?: boolean;
  plugin?: string[];
}

/**
 * Adds the global options to a command; `optsWithGlobals()` merges them. Arguments beyond the ones a
 * command declares are an error, not ignored (a subcommand would otherwise inherit the default
 * command's leniency).
 */
export function withGlobalOptions(cmd: Command): Command {
  return cmd
    .allowExcessArguments(false)
    .addOption(new Option("--json", "print one JSON document on stdout (progress as JSON lines on stderr)"))
    .addOption(new Option("-q, --quiet", "print only results and errors"))
    .addOption(new Option("-v, --verbose", "print more detail"))
    .addOption(new Option("--debug", "print stack traces for errors"))
    .addOption(new Option("--no-color", "do not colour output (NO_COLOR is honoured too)"))
    .addOption(new Option("--plugin <file>", "load a third-party strategy plugin file (repeat --plugin for more; see docs/plugins.md)").argParser(collect));
}
