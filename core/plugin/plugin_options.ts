/**
 * A strategy's own options, declared as a zod object: reading the declaration (name, type, default,
 * help) for the CLI's flags, `compare` and `plugins --json`, and parsing a run's values with it.
 * @module
 */
import type { z } from "zod";
import { UsageError } from "../errors.ts";
import type { RunOptions, StrategyPlugin } from "./types.ts";

/** The keys of {@link RunOptions}: every strategy sees them, whatever its schema says. */
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
  while (WRAPPERS.has(defOf(inner).type) && defOf(inner).innerType) {
    if (defOf(inner).type === "default") fallback = defOf(inner).defaultValue;
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
  };
}

/** The options `plugin` declares, in declaration order; empty when it declares none. */
export function describeOptions(plugin: StrategyPlugin): OptionInfo[] {
  const shape = plugin.options?.shape ?? {};
  return Object.entries(shape).map(([name, field]) => infoOf(name, field));
}

/**
 * The options `plugin` runs with: its own, parsed from `raw` by its schema (defaults applied,
 * other strategies' options dropped), plus the run's {@link RunOptions}.
 * @throws UsageError naming the option and the strategy when a value does not fit
 */
export function parsePluginOptions(plugin: StrategyPlugin, raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const run: Record<string, unknown> = {};
  for (const k of RUN_OPTION_KEYS) if (raw[k] !== undefined) run[k] = raw[k];
  if (!plugin.options) return { ...raw };
  const own: Record<string, unknown> = {};
  for (const k of Object.keys(plugin.options.shape)) if (raw[k] !== undefined) own[k] = raw[k];
  const parsed = plugin.options.safeParse(own);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`option ${issue.path.join(".") || "(options)"} of ${plugin.name}: ${issue.message}`);
  }
  return { ...run, ...(parsed.data as Record<string, unknown>) };
}
