/**
 * Loading third-party plugins: single-file ES modules imported at run time by path. The module's
 * default export is either the plugin object or a factory `(api) => plugin` that receives what a
 * compiled binary cannot give through `node_modules` (zod, definePlugin).
 * @module
 */
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { definePlugin } from "./define_plugin.ts";
import { PLUGIN_API_VERSION } from "./types.ts";
import { InvalidPluginError } from "./validate_plugin.ts";
import { InterruptedError, RefusedError, TargetBusyError, UserFacingError } from "../errors.ts";
import type { PluginRegistry } from "./registry.ts";
import type { StrategyPlugin } from "./types.ts";

/** The error types a plugin throws to give the user one actionable line (the CLI maps them to exit codes). */
export const pluginErrors = { UserFacingError, RefusedError, InterruptedError, TargetBusyError };

/** What a plugin factory receives. */
export interface PluginApi {
  zod: typeof z;
  definePlugin: typeof definePlugin;
  apiVersion: number;
  errors: typeof pluginErrors;
}

/** Imports a plugin file and registers it; errors name the file and the bad field. */
export async function loadPluginFile(registry: PluginRegistry, absolutePath: string): Promise<StrategyPlugin> {
  let mod: Record<string, unknown>;
  try {
    mod = await import(pathToFileURL(absolutePath).href);
  } catch (e) {
    throw new InvalidPluginError(`cannot load plugin ${absolutePath}: ${(e as Error).message.split("\n")[0]}`);
  }
  let value = mod.default ?? mod.plugin;
  if (typeof value === "function") {
    const api: PluginApi = { zod: z, definePlugin, apiVersion: PLUGIN_API_VERSION, errors: pluginErrors };
    value = await (value as (api: PluginApi) => unknown)(api);
  }
  if (value === undefined) {
    throw new InvalidPluginError(`plugin ${absolutePath} has no default export: export the plugin object or a factory function`);
  }
  return registry.register(value, absolutePath);
}
