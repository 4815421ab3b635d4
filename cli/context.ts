/**
 * The plugin context the CLI hands to strategies: the app's host and output, the user's options, the
 * shared disk analysis and the Ctrl-C signal.
 * @module
 */
import { createPluginContext } from "../core/plugin/context.ts";
import type { PluginContext } from "../core/plugin/types.ts";
import { analyzeDisk } from "../core/analyze/analyze_disk.ts";
import type { App } from "./app.ts";

/** A plugin context for this run. */
export function makeContext(app: App, options: Record<string, unknown>, signal?: AbortSignal, ask?: (question: string) => Promise<string>): PluginContext {
  return createPluginContext({
    host: app.host,
    log: app.out.logger(),
    options,
    signal,
    ask,
    analyzePath: (path) => analyzeDisk(app.host, path),
  });
}
