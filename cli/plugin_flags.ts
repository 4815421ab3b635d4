/**
 * The strategies' flags, made from the options every registered strategy declares (built-in and
 * third-party alike): `exportPath` becomes `--export-path <value>`, a boolean defaulting to true
 * becomes `--no-<name>`. They are flags of the default command and of `compare`, whose estimates
 * and probes see them too. And the `--plugin` files, read from the arguments before the program
 * exists, because their options are flags of that program.
 * @module
 */
import { Option } from "commander";
import type { Command } from "commander";
import type { PluginRegistry } from "../core/plugin/registry.ts";
import { describeOptions, flagOf, kebab } from "../core/plugin/plugin_options.ts";
import type { OptionInfo } from "../core/plugin/plugin_options.ts";

export { kebab };

/** The subcommands that take the strategies' flags besides the default command. */
export const STRATEGY_FLAG_COMMANDS: readonly string[] = ["compare"];

/**
 * The `--plugin` values in `argv` (`--plugin a.mjs --plugin b.mjs`, `--plugin=a.mjs`), before
 * parsing. One file per `--plugin`: the words after it are the command's own arguments
 * (`analyze --plugin p.mjs disk.vhdx` analyzes disk.vhdx).
 */
export function pluginFilesIn(argv: readonly string[]): string[] {
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") break;
    if (a.startsWith("--plugin=")) files.push(a.slice("--plugin=".length));
    else if (a === "--plugin" && i + 1 < argv.length) files.push(argv[++i]);
  }
  return files;
}

/** Collects a repeatable option's values (commander calls it once per occurrence). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * The flags `program` already uses where the strategies' flags go (the default command, the
 * subcommands of {@link STRATEGY_FLAG_COMMANDS}, help): a long flag reserves its `--no-` form and
 * back, since commander maps both to one value.
 */
export function reservedFlags(program: Command): string[] {
  const commands = [program, ...program.commands.filter((c) => STRATEGY_FLAG_COMMANDS.includes(c.name()))];
  const flags = new Set(["-h", "--help"]);
  for (const o of commands.flatMap((c) => c.options)) {
    if (o.short) flags.add(o.short);
    if (o.long) {
      const base = o.long.replace(/^--(no-)?/, "");
      flags.add(`--${base}`).add(`--no-${base}`);
    }
  }
  return [...flags];
}

/** What the help says of the default: `(default: 3)`, nothing for a flag that turns a default off. */
function defaultText(info: OptionInfo): string {
  if (info.required) return "";
  if (info.default === undefined || info.type === "boolean") return "";
  return ` (default: ${typeof info.default === "string" ? info.default : JSON.stringify(info.default)})`;
}

/** A commander option for one declared strategy option; `owners` are the strategies declaring it. */
function flagFor(info: OptionInfo, owners: string[]): Option {
  const negated = info.type === "boolean" && info.default === true;
  const short = info.short ? `-${info.short}, ` : "";
  const value = info.type === "boolean" ? "" : ` <${info.value ?? (info.type === "number" ? "n" : "value")}>`;
  const flags = negated ? flagOf(info) : `${short}${flagOf(info)}${value}`;
  const help = negated ? `${info.description} (on by default; this flag turns it off)` : `${info.description}${defaultText(info)}`;
  const required = info.required ? ` (required by ${owners.join(", ")})` : "";
  const option = new Option(flags, `${owners.join(", ")}: ${help}${required}`);
  if (info.type === "enum" && info.choices) option.choices(info.choices);
  if (info.type === "number") option.argParser((v) => Number(v));
  // Defaults stay the strategy's: an absent flag leaves the value undefined, the schema fills it in.
  return option;
}

/**
 * Adds a flag for every option the registered strategies declare; one flag per name, shared by the
 * strategies declaring it. The registry already refused options on flags the CLI uses.
 */
export function addStrategyOptions(cmd: Command, registry: PluginRegistry): void {
  const byName = new Map<string, { info: OptionInfo; owners: string[] }>();
  for (const { plugin } of registry.list()) {
    for (const info of describeOptions(plugin)) {
      const seen = byName.get(info.name);
      if (seen) seen.owners.push(plugin.name);
      else byName.set(info.name, { info, owners: [plugin.name] });
    }
  }
  const taken = new Set(cmd.options.flatMap((o) => [o.long, o.short]).filter(Boolean));
  for (const { info, owners } of byName.values()) {
    const option = flagFor(info, owners);
    // Two strategies declaring one name with different short letters: the first one's flag stands.
    if (taken.has(option.long) || (option.short && taken.has(option.short))) continue;
    cmd.addOption(option);
  }
}
