/**
 * The CLI's run-time state: the host, the registry with built-in and third-party plugins, and output.
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import type { Host } from "../core/host/host.ts";
import { PluginRegistry } from "../core/plugin/registry.ts";
import { loadPluginFile } from "../core/plugin/load_plugin_file.ts";
import { builtInPlugins } from "../plugins/mod.ts";
import type { Output } from "./output.ts";

/** What every command receives. */
export interface App {
  host: Host;
  registry: PluginRegistry;
  out: Output;
}

/** Registers the built-in plugins, then `--plugin` files, then `*.js|*.mjs` in the user's plugins folder. */
export async function buildRegistry(host: Host, pluginFiles: string[]): Promise<PluginRegistry> {
  const registry = new PluginRegistry();
  for (const p of builtInPlugins) registry.register(p, "built-in");
  for (const file of pluginFiles) {
    await loadPluginFile(registry, isAbsolute(file) ? file : resolve(file));
  }
  const folder = host.path.join(host.configDir(), "plugins");
  for (const name of await host.fs.listDir(folder)) {
    if (/\.m?js$/.test(name)) await loadPluginFile(registry, host.path.join(folder, name));
  }
  return registry;
}
