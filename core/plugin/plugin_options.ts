/**
 * A strategy's own options, declared as a zod object: reading the declaration (name, type, default,
 * help) for the CLI's flags, `compare` and `plugins --json`, and parsing a run's values with it.
 * @module
 */
import type { z } from "zod";
import { UsageError } from "../errors.ts";
import type { RunOptions, StrategyPlugin } from "./types.ts";

/** The keys of {@link RunOptions}: the run's settings, handed to every strategy as `ctx.run`. */
export const RUN_OPTION_KEYS: readonly (keyof RunOptions)[] = ["yes", "dryRun", "interactive", "restartDocker", "iUnderstandDataLoss"];

/** One declared option, as the CLI and `plugins --json` show it. */
export interface OptionInfo {
  /** camelCase name, as the strategy reads it from `ctx.options`. */
  name: string;
  type: "boolean" | "string" | "number" | "enum";
  /** Allowed values of an enum. */
  choices?: string[];
  default?: unknown;
  /** Help text (`.describe()`). */
  description: string;
  /** One-letter alias (`.meta({ short: "o" })`). */
  short?: string;
  /** Name of the value in help (`.meta({ value: "dir" })`). */
  value?: string;
  /** The field has neither a default nor `.optional()`: a run of this strategy needs the flag. */
  required?: boolean;
}

/** Wrappers that only add a default or optionality around the type of a field. */
const WRAPPERS = new Set(["default", "optional", "prefault", "nullable"]);

interface ZodDef {
  type: string;
  innerType?: z.ZodType;
  defaultValue?: unknown;
}

const defOf = (field: z.ZodType) => (field as unknown as { _zod: { def: ZodDef } })._zod.def;

function infoOf(name: string, field: z.ZodType): OptionInfo {
  let inner = field;
  let fallback: unknown;
  let optional = false;
  while (WRAPPERS.has(defOf(inner).type) && defOf(inner).innerType) {
    if (defOf(inner).type === "default") fallback = defOf(inner).defaultValue;
    optional = true;
    inner = defOf(inner).innerType!;
  }
  const kind = defOf(inner).type;
  const type = kind === "boolean" || kind === "number" || kind === "enum" ? kind : "string";
  const meta = (field.meta?.() ?? {}) as { short?: unknown; value?: unknown };
  return {
    name,
    type,
    ...(type === "enum" ? { choices: (inner as unknown as { options: string[] }).options } : {}),
    ...(fallback !== undefined ? { default: fallback } : {}),
    description: field.description ?? "",
    ...(typeof meta.short === "string" ? { short: meta.short } : {}),
    ...(typeof meta.value === "string" ? { value: meta.value } : {}),
    ...(optional ? {} : { required: true }),
  };
}

/** `exportPath` → `export-path`. */
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * The command-line flag of a declared option: `--export-path`, or `--no-scrub` for a boolean that
 * defaults to true (the flag turns it off).
 */
export function flagOf(info: Pick<OptionInfo, "name" | "type" | "default">): string {
  return info.type === "boolean" && info.default === true ? `--no-${kebab(info.name)}` : `--${kebab(info.name)}`;
}

/**
 * The flags (long, and short when declared) each option of `plugin` takes on the command line,
 * for the registry to refuse names the CLI already uses.
 */
export function optionFlags(plugin: StrategyPlugin): { option: string; flags: string[] }[] {
  return describeOptions(plugin).map((info) => ({ option: info.name, flags: [flagOf(info), ...(info.short ? [`-${info.short}`] : [])] }));
}

/** The options `plugin` declares, in declaration order; empty when it declares none. */
export function describeOptions(plugin: StrategyPlugin): OptionInfo[] {
  const shape = plugin.options?.shape ?? {};
  return Object.entries(shape).map(([name, field]) => infoOf(name, field));
}

/**
 * The options `plugin` runs with: its own fields only, parsed from `raw` by its schema (defaults
 * applied, other strategies' options and the run's settings dropped). A strategy without a schema
 * gets none.
 * @throws UsageError naming the flag (`--dest`) and the strategy when a value is missing or does not fit
 */
export function parsePluginOptions(plugin: StrategyPlugin, raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (!plugin.options) return {};
  const own: Record<string, unknown> = {};
  for (const k of Object.keys(plugin.options.shape)) if (raw[k] !== undefined) own[k] = raw[k];
  const parsed = plugin.options.safeParse(own);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const issue = parsed.error.issues[0];
  const field = typeof issue.path[0] === "string" ? issue.path[0] : undefined;
  const info = field !== undefined ? describeOptions(plugin).find((o) => o.name === field) : undefined;
  if (!info) throw new UsageError(`options of ${plugin.name}: ${issue.message}`);
  const flag = flagOf(info);
  if (own[info.name] === undefined) {
    const value = info.type === "boolean" ? "" : ` <${info.value ?? (info.type === "number" ? "n" : "value")}>`;
    throw new UsageError(`${plugin.name} needs ${flag}${value}${info.description ? ` (${info.description})` : ""}`);
  }
  throw new UsageError(`${flag} of ${plugin.name}: ${issue.message}`);
}
