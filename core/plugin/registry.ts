/**
 * The plugin registry: built-in and third-party strategies side by side, by name.
 * @module
 */
import type { StrategyPlugin } from "./types.ts";
import { InvalidPluginError, validatePlugin } from "./validate_plugin.ts";
import { optionFlags } from "./plugin_options.ts";
import { UserFacingError } from "../errors.ts";

/** A registered plugin and where it came from. */
export interface RegisteredPlugin {
  plugin: StrategyPlugin;
  source: string;
  builtIn: boolean;
}

/** How a registry checks what registers. */
export interface RegistryOptions {
  /**
   * Flags the host program already uses where the strategies' options become flags (`--yes`, `-t`…):
   * a strategy declaring an option whose flag is one of them is refused, never silently dropped.
   */
  reservedFlags?: Iterable<string>;
}

/** Strategies known to this run. */
export class PluginRegistry {
  #plugins = new Map<string, RegisteredPlugin>();
  #reserved: ReadonlySet<string>;
  /** The flags registered strategies' options take, and whose option each is. */
  #flags = new Map<string, { option: string; plugin: string }>();

  constructor(options: RegistryOptions = {}) {
    this.#reserved = new Set(options.reservedFlags ?? []);
  }

  /**
   * Validates and adds a plugin; a second plugin with the same name is refused, and so is an option
   * whose flag the program already uses.
   */
  register(value: unknown, source = "built-in"): StrategyPlugin {
    const plugin = validatePlugin(value, source);
    const existing = this.#plugins.get(plugin.name);
    if (existing) {
      throw new UserFacingError(`plugin "${plugin.name}" from ${source} clashes with the one from ${existing.source}: rename it`);
    }
    const declared = optionFlags(plugin);
    for (const { option, flags } of declared) {
      const refuse = (flag: string, user: string) =>
        new InvalidPluginError(`plugin "${plugin.name}" from ${source}: option ${option} would be ${flag}, which ${user}: rename the option${flag.length === 2 ? " or change its short letter" : ""}`);
      const taken = flags.find((f) => this.#reserved.has(f));
      if (taken) throw refuse(taken, "vhdx-shrink already uses");
      // Strategies declaring the same option share its flag; a different option on that flag is a clash.
      const shared = flags.find((f) => this.#flags.has(f) && this.#flags.get(f)!.option !== option);
      if (shared) throw refuse(shared, `is option ${this.#flags.get(shared)!.option} of ${this.#flags.get(shared)!.plugin}`);
    }
    for (const { option, flags } of declared) for (const f of flags) if (!this.#flags.has(f)) this.#flags.set(f, { option, plugin: plugin.name });
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
