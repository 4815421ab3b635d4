/**
 * Building the {@link PluginContext} a strategy receives: the host, a logger, zod, the run's
 * settings (`ctx.run`), a cached disk analysis, the Ctrl-C signal and the services (WSL, Docker
 * Desktop, disks, elevation, trim, temporary space, quiescing), and the per-strategy view of it
 * whose `options` hold that strategy's own options, parsed by its schema.
 * @module
 */
import { z } from "zod";
import type { Host } from "../host/host.ts";
import type { DiskAnalysis, Logger, PluginContext, RunOptions, StrategyPlugin, Target } from "./types.ts";
import { diskService, dockerService, elevationService, quiesceService, tempService, trimService, wslService } from "./services/mod.ts";
import { parsePluginOptions, RUN_OPTION_KEYS } from "./plugin_options.ts";

/** Inputs to {@link createPluginContext}. */
export interface ContextInputs {
  host: Host;
  log: Logger;
  /**
   * The strategies' options by their camelCase names (each strategy later sees only its own). Keys of
   * {@link RunOptions} found here are the run's settings, as if given in `run`.
   */
  options?: Record<string, unknown>;
  /** The run's settings (`--yes`, `--dry-run`…); they win over the same keys in `options`. */
  run?: RunOptions;
  /** Computes the analysis of one VHDX path; results are cached per path. */
  analyzePath: (path: string) => Promise<DiskAnalysis>;
  signal?: AbortSignal;
  /** Asks the user (interactive runs only). */
  ask?: (question: string) => Promise<string>;
}

/** The strategies' options a context was made with, before any strategy's schema saw them. */
const rawOptions = new WeakMap<PluginContext, Readonly<Record<string, unknown>>>();

/** Splits caller options into the run's settings and everything else (the strategies' options). */
function splitOptions(all: Record<string, unknown>, run: RunOptions): { run: RunOptions; strategy: Record<string, unknown> } {
  const settings: Record<string, unknown> = {};
  const strategy: Record<string, unknown> = {};
  const runKeys = new Set<string>(RUN_OPTION_KEYS);
  for (const [k, v] of Object.entries(all)) {
    if (runKeys.has(k)) {
      if (v !== undefined) settings[k] = v;
    } else strategy[k] = v;
  }
  for (const [k, v] of Object.entries(run)) if (v !== undefined) settings[k] = v;
  return { run: settings as RunOptions, strategy };
}

/** Makes a context; analyses are computed once per path and shared by every plugin. */
export function createPluginContext(inputs: ContextInputs): PluginContext {
  const cache = new Map<string, Promise<DiskAnalysis>>();
  const { host } = inputs;
  const signal = inputs.signal ?? new AbortController().signal;
  const split = splitOptions(inputs.options ?? {}, inputs.run ?? {});
  const run = Object.freeze(split.run);
  const options = Object.freeze(split.strategy);
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
    run,
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
    quiesce: quiesceService({ host, signal, options: run, log: inputs.log, ...(inputs.ask ? { ask: inputs.ask } : {}) }),
  };
  rawOptions.set(ctx, options);
  return ctx;
}

/**
 * The context as `plugin` sees it: `options` holds the plugin's own options, parsed by its schema
 * with defaults applied (none for a plugin without a schema); `run` and everything else is shared,
 * the analysis cache too.
 * @throws UsageError naming the flag when a value is missing or does not fit the plugin's schema
 */
export function contextFor<O>(ctx: PluginContext, plugin: StrategyPlugin<O>): PluginContext<O> {
  const raw = rawOptions.get(ctx) ?? ctx.options;
  const bound: PluginContext = { ...ctx, options: Object.freeze(parsePluginOptions(plugin, raw)) };
  rawOptions.set(bound, raw);
  return bound as PluginContext<O>;
}

/** The same context with some of the run's settings set (the core passes what its gates established). */
export function withRunOptions(ctx: PluginContext, extra: RunOptions): PluginContext {
  const next: PluginContext = { ...ctx, run: Object.freeze({ ...ctx.run, ...extra }) };
  rawOptions.set(next, rawOptions.get(ctx) ?? ctx.options);
  return next;
}
