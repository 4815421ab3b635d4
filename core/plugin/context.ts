/**
 * Building the {@link PluginContext} a strategy receives: the host, a logger, zod, the user's
 * options, a cached disk analysis, the Ctrl-C signal and the services (WSL, Docker Desktop, disks,
 * elevation, trim, temporary space, quiescing), and the per-strategy view of it whose `options` hold
 * that strategy's parsed options.
 * @module
 */
import { z } from "zod";
import type { Host } from "../host/host.ts";
import type { DiskAnalysis, Logger, PluginContext, StrategyPlugin, Target } from "./types.ts";
import { diskService, dockerService, elevationService, quiesceService, tempService, trimService, wslService } from "./services/mod.ts";
import { parsePluginOptions } from "./plugin_options.ts";

/** Inputs to {@link createPluginContext}. */
export interface ContextInputs {
  host: Host;
  log: Logger;
  /** Every option of the run, the strategies' and the run's own, by their camelCase names. */
  options?: Record<string, unknown>;
  /** Computes the analysis of one VHDX path; results are cached per path. */
  analyzePath: (path: string) => Promise<DiskAnalysis>;
  signal?: AbortSignal;
  /** Asks the user (interactive runs only). */
  ask?: (question: string) => Promise<string>;
}

/** The options a context was made with, before any strategy's schema saw them. */
const rawOptions = new WeakMap<PluginContext, Readonly<Record<string, unknown>>>();

/** Makes a context; analyses are computed once per path and shared by every plugin. */
export function createPluginContext(inputs: ContextInputs): PluginContext {
  const cache = new Map<string, Promise<DiskAnalysis>>();
  const { host } = inputs;
  const signal = inputs.signal ?? new AbortController().signal;
  const options = Object.freeze({ ...(inputs.options ?? {}) });
  const analyze = (target: Target): Promise<DiskAnalysis> => {
    let p = cache.get(target.path);
    if (!p) {
      p = inputs.analyzePath(target.path);
      cache.set(target.path, p);
    }
    return p;
  };
  const ctx: PluginContext = {
    host,
    log: inputs.log,
    zod: z,
    options,
    signal,
    ...(inputs.ask ? { ask: inputs.ask } : {}),
    analyze,
    wsl: wslService(host),
    docker: dockerService(host),
    disks: diskService(host),
    elevation: elevationService(host),
    trim: trimService(host, analyze, signal),
    temp: tempService(host),
    // ask and log: a Docker Desktop before 4.37 is quit by hand, with time for it when someone can answer.
    quiesce: quiesceService({ host, signal, options, log: inputs.log, ...(inputs.ask ? { ask: inputs.ask } : {}) }),
  };
  rawOptions.set(ctx, options);
  return ctx;
}

/**
 * The context as `plugin` sees it: `options` holds the run's options and the plugin's own, parsed
 * by its schema with defaults applied (a plugin without a schema sees every option). Everything
 * else is shared, the analysis cache too.
 * @throws UsageError naming the option when a value does not fit the plugin's schema
 */
export function contextFor<O>(ctx: PluginContext, plugin: StrategyPlugin<O>): PluginContext<O> {
  const raw = rawOptions.get(ctx) ?? ctx.options;
  if (!plugin.options && raw === ctx.options) return ctx as PluginContext<O>;
  const bound: PluginContext = { ...ctx, options: Object.freeze(parsePluginOptions(plugin, raw)) };
  rawOptions.set(bound, raw);
  return bound as PluginContext<O>;
}

/** The same context with some options set (the core passes what its gates established). */
export function withRunOptions(ctx: PluginContext, extra: Record<string, unknown>): PluginContext {
  const raw = Object.freeze({ ...(rawOptions.get(ctx) ?? ctx.options), ...extra });
  const next: PluginContext = { ...ctx, options: raw };
  rawOptions.set(next, raw);
  return next;
}
