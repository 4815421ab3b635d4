/**
 * The plugin registry: built-in and third-party strategies side by side, by name.
 * @module
 */
import type { StrategyPlugin } from "./types.ts";
import { validatePlugin } from "./validate_plugin.ts";
import { UserFacingError } from "../errors.ts";

/** A registered plugin and where it came from. */
export interface RegisteredPlugin {
  plugin: StrategyPlugin;
  source: string;
  builtIn: boolean;
}

/** Strategies known to this run. */
export class PluginRegistry {
  #plugins = new Map<string, RegisteredPlugin>();

  /** Validates and adds a plugin; a second plugin with the same name is refused. */
  register(value: unknown, source = "built-in"): StrategyPlugin {
    const plugin = validatePlugin(value, source);
    const existing = this.#plugins.get(plugin.name);
    if (existing) {
      throw new UserFacingError(`plugin "${plugin.name}" from ${source} clashes with the one from ${existing.source}: rename it`);
    }
    this.#plugins.set(plugin.name, { plugin, source, builtIn: source === "built-in" });
    return plugin;
  }

  /** The plugin of that name, or a one-line error listing the known names. */
  get(name: string): StrategyPlugin {
    const entry = this.#plugins.get(name);
    if (!entry) throw new UserFacingError(`unknown strategy "${name}": known strategies are ${this.names().join(", ")}`, 2);
    return entry.plugin;
  }

  /** Whether a plugin of that name exists. */
  has(name: string): boolean {
    return this.#plugins.has(name);
  }

  /** All plugins in registration order. */
  list(): RegisteredPlugin[] {
    return [...this.#plugins.values()];
  }

  /** Names in registration order. */
  names(): string[] {
    return [...this.#plugins.keys()];
  }
}
