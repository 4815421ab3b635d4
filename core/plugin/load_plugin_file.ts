/**
 * Loading third-party plugins: single-file ES modules imported at run time by path. The module's
 * default export is either the plugin object or a factory `(api) => plugin` that receives what a
 * compiled binary cannot give through `node_modules` (zod, definePlugin, the error classes).
 * @module
 */
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { definePlugin } from "./define_plugin.ts";
import { PLUGIN_API_VERSION } from "./types.ts";
import { InvalidPluginError } from "./validate_plugin.ts";
import {
  DirtyLogError,
  FsPathError,
  InterruptedError,
  InvalidImageError,
  RefusedError,
  TargetBusyError,
  UnreadableFilesystemError,
  UntrustedFilesystemError,
  UsageError,
  UserFacingError,
} from "../errors.ts";
import type { PluginRegistry } from "./registry.ts";
import type { StrategyPlugin } from "./types.ts";

/**
 * Every error type of core/errors.ts: a plugin throws one to give the user one actionable line (the
 * CLI maps them to exit codes). They are the same classes `import … from "vhdx-shrink"` gives, and
 * recognised across copies, so either way a `RefusedError` is reported as the plugin's own message.
 */
export const pluginErrors = {
  UserFacingError,
  UsageError,
  RefusedError,
  InterruptedError,
  TargetBusyError,
  InvalidImageError,
  DirtyLogError,
  UntrustedFilesystemError,
  FsPathError,
  UnreadableFilesystemError,
};

/**
 * What a plugin factory (`export default (api) => api.definePlugin({...})`) receives. Its option
 * types come from its schema: `import type { z } from "vhdx-shrink"` is erased at run time, so
 * `type Options = z.infer<typeof schema>` works in a factory that the .exe loads too.
 */
export interface PluginApi {
  /** zod, the instance the core validates options with. */
  zod: typeof z;
  /** Types a plugin; identity at run time. */
  definePlugin: typeof definePlugin;
  /** The plugin API version of this build ({@link PLUGIN_API_VERSION}). */
  apiVersion: number;
  /** The error types a plugin throws for a one-line message and an exit code. */
  errors: typeof pluginErrors;
}

/** The plugin API a factory receives. */
export const pluginApi: PluginApi = { zod: z, definePlugin, apiVersion: PLUGIN_API_VERSION, errors: pluginErrors };

/**
 * Imports a plugin file and returns its plugin value (calling a factory), not yet validated.
 * @throws InvalidPluginError naming the file when it cannot be imported or exports nothing
 */
export async function importPluginFile(absolutePath: string): Promise<unknown> {
  let mod: Record<string, unknown>;
  try {
    mod = await import(pathToFileURL(absolutePath).href);
  } catch (e) {
    throw new InvalidPluginError(`cannot load plugin ${absolutePath}: ${(e as Error).message.split("\n")[0]}`);
  }
  let value = mod.default ?? mod.plugin;
  if (typeof value === "function") {
    try {
      value = await (value as (api: PluginApi) => unknown)(pluginApi);
    } catch (e) {
      if (e instanceof UserFacingError) throw e;
      throw new InvalidPluginError(`plugin ${absolutePath}: its factory failed: ${(e as Error)?.message?.split("\n")[0] ?? String(e)}`);
    }
  }
  if (value === undefined) {
    throw new InvalidPluginError(`plugin ${absolutePath} has no default export: export the plugin object or a factory function`);
  }
  return value;
}

/** Imports a plugin file and registers it; errors name the file and the bad field. */
export async function loadPluginFile(registry: PluginRegistry, absolutePath: string): Promise<StrategyPlugin> {
  return registry.register(await importPluginFile(absolutePath), absolutePath);
}
