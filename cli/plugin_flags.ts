/**
 * The default command's strategy flags, made from the options every registered strategy declares
 * (built-in and third-party alike): `exportPath` becomes `--export-path <value>`, a boolean
 * defaulting to true becomes `--no-<name>`. And the `--plugin` files, read from the arguments
 * before the program exists, because their options are flags of that program.
 * @module
 */
import { Option } from "commander";
import type { Command } from "commander";
import type { PluginRegistry } from "../core/plugin/registry.ts";
import { describeOptions } from "../core/plugin/plugin_options.ts";
import type { OptionInfo } from "../core/plugin/plugin_options.ts";

/** `exportPath` → `export-path`. */
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The `--plugin` values in `argv` (`--plugin a.mjs b.mjs`, `--plugin=a.mjs`), before parsing. */
export function pluginFilesIn(argv: readonly string[]): string[] {
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") break;
    if (a.startsWith("--plugin=")) files.push(a.slice("--plugin=".length));
    else if (a === "--plugin") {
      while (i + 1 < argv.length && !argv[i + 1].startsWith("-")) files.push(argv[++i]);
    }
  }
  return files;
}

/** A commander option for one declared strategy option; `owners` are the strategies declaring it. */
function flagFor(info: OptionInfo, owners: string[]): Option {
  const long = kebab(info.name);
  const negated = info.type === "boolean" && info.default === true;
  const short = info.short ? `-${info.short}, ` : "";
  const value = info.type === "boolean" ? "" : ` <${info.value ?? (info.type === "number" ? "n" : "value")}>`;
  const flags = negated ? `--no-${long}` : `${short}--${long}${value}`;
  const help = negated ? `${info.description} (on by default; this flag turns it off)` : info.description;
  const option = new Option(flags, `${owners.join(", ")}: ${help}`);
  if (info.type === "enum" && info.choices) option.choices(info.choices);
  if (info.type === "number") option.argParser((v) => Number(v));
  // Defaults stay the strategy's: an absent flag leaves the value undefined, the schema fills it in.
  return option;
}

/** Adds a flag for every option the registered strategies declare; one flag per name, shared by the strategies declaring it. */
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
    if (taken.has(option.long) || (option.short && taken.has(option.short))) continue;
    cmd.addOption(option);
  }
}
