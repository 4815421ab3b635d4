/**
 * Validation of a plugin object against the contract, with a message that names the bad field.
 * @module
 */
import { pluginSchema } from "./schema.ts";
import type { StrategyPlugin } from "./types.ts";
import { UserFacingError } from "../errors.ts";

/** A plugin that does not satisfy the contract (or cannot be loaded, or takes a flag already in use). */
export class InvalidPluginError extends UserFacingError {
  static override readonly code: string = "invalid-plugin";
}

/**
 * Checks `value` against the plugin contract.
 * @param source where the plugin came from (file path or "built-in"), for the message
 * @returns the plugin, typed
 */
export function validatePlugin(value: unknown, source: string): StrategyPlugin {
  const result = pluginSchema.safeParse(value);
  if (result.success) return value as StrategyPlugin;
  const issue = result.error.issues[0];
  const field = issue.path.length ? issue.path.join(".") : "(plugin object)";
  const name = typeof (value as { name?: unknown })?.name === "string" ? ` "${(value as { name: string }).name}"` : "";
  throw new InvalidPluginError(`invalid plugin${name} from ${source}: field ${field}: ${issue.message}`);
}
