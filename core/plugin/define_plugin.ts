/**
 * `definePlugin` gives plugin authors types; the value stays a plain object.
 * @module
 */
import type { StrategyPlugin } from "./types.ts";

/**
 * Declares a strategy plugin. Identity at run time; validation happens when it registers.
 * @example
 * export default definePlugin({ name: "noop", apiVersion: 1, description: "does nothing", metadata, probe, estimate, plan, run });
 */
export function definePlugin<O = Record<string, unknown>>(plugin: StrategyPlugin<O>): StrategyPlugin<O> {
  return plugin;
}
