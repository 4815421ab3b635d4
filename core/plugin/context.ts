/**
 * Building the {@link PluginContext} a strategy receives: the host, a logger, zod, the user's
 * options, a cached disk analysis and the Ctrl-C signal.
 * @module
 */
import { z } from "zod";
import type { Host } from "../host/host.ts";
import type { DiskAnalysis, Logger, PluginContext, Target } from "./types.ts";

/** Inputs to {@link createPluginContext}. */
export interface ContextInputs {
  host: Host;
  log: Logger;
  options?: Record<string, unknown>;
  /** Computes the analysis of one VHDX path; results are cached per path. */
  analyzePath: (path: string) => Promise<DiskAnalysis>;
  signal?: AbortSignal;
  /** Asks the user (interactive runs only). */
  ask?: (question: string) => Promise<string>;
}

/** Makes a context; analyses are computed once per path and shared by every plugin. */
export function createPluginContext(inputs: ContextInputs): PluginContext {
  const cache = new Map<string, Promise<DiskAnalysis>>();
  return {
    host: inputs.host,
    log: inputs.log,
    zod: z,
    options: Object.freeze({ ...(inputs.options ?? {}) }),
    signal: inputs.signal ?? new AbortController().signal,
    ...(inputs.ask ? { ask: inputs.ask } : {}),
    analyze(target: Target): Promise<DiskAnalysis> {
      let p = cache.get(target.path);
      if (!p) {
        p = inputs.analyzePath(target.path);
        cache.set(target.path, p);
      }
      return p;
    },
  };
}
