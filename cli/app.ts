/**
 * The CLI's run-time state: the host, the registry with built-in and third-party plugins, and output.
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import type { Host } from "../core/host/host.ts";
import { PluginRegistry } from "../core/plugin/registry.ts";
import { importPluginFile, loadPluginFile } from "../core/plugin/load_plugin_file.ts";
import { builtInPlugins } from "../plugins/mod.ts";
import type { Output } from "./output.ts";
import { UserFacingError } from "../core/errors.ts";

/** What every command receives. */
export interface App {
  host: Host;
  registry: PluginRegistry;
  out: Output;
}

/** How {@link buildRegistry} checks plugins and reports the ones it skips. */
export interface RegistryInputs {
  /** Flags the CLI already uses where strategy options become flags; a plugin option on one is refused. */
  reservedFlags?: Iterable<string>;
  /** Where a skipped drop-in plugin is reported (one line each). */
  warn?: (message: string) => void;
}

/**
 * Registers the built-in plugins, then the `--plugin` files (each once, however often given), then
 * `*.js|*.mjs` in the user's plugins folder. A `--plugin` file is the user's explicit choice: an error
 * in it stops the run. A drop-in plugin that fails to load, fails validation or has the name of one
 * already registered (the development copy given with `--plugin` wins) is skipped with a warning.
 */
export async function buildRegistry(host: Host, pluginFiles: string[], inputs: RegistryInputs = {}): Promise<PluginRegistry> {
  const registry = new PluginRegistry({ reservedFlags: inputs.reservedFlags });
  for (const p of builtInPlugins) registry.register(p, "built-in");
  for (const file of new Set(pluginFiles.map((f) => isAbsolute(f) ? f : resolve(f)))) {
    // Said here, in the user's terms: the loader's own error names the module that imports it.
    const info = await host.fs.stat(file);
    if (!info) throw new UserFacingError(`--plugin ${file}: no such file (a relative path is taken from the current folder)`, 1);
    if (info.isDirectory) throw new UserFacingError(`--plugin ${file} is a folder: give the plugin's .mjs or .js file`, 1);
    await loadPluginFile(registry, file);
  }
  const folder = host.path.join(host.configDir(), "plugins");
  for (const name of await host.fs.listDir(folder)) {
    if (!/\.m?js$/.test(name)) continue;
    const file = host.path.join(folder, name);
    try {
      const value = await importPluginFile(file);
      const pluginName = (value as { name?: unknown }).name;
      if (typeof pluginName === "string" && registry.has(pluginName)) {
        const other = registry.list().find((r) => r.plugin.name === pluginName)!;
        if (!other.builtIn) {
          inputs.warn?.(`skipped plugin ${file}: "${pluginName}" is already loaded from ${other.source}`);
          continue;
        }
      }
      registry.register(value, file);
    } catch (e) {
      inputs.warn?.(`skipped plugin ${file}: ${(e as Error).message}`);
    }
  }
  return registry;
}
