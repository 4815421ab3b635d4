/**
 * The comparison of strategies for one target: availability, metadata and this disk's estimate, and
 * the recommendation drawn from it. `compare`, the default command and `watch` share it.
 * @module
 */
import type { DiskAnalysis, Estimate, PluginContext, StrategyPlugin, Target } from "./types.ts";
import { availabilityFor } from "./preflight.ts";
import { contextFor } from "./context.ts";
import { describeOptions } from "./plugin_options.ts";
import type { OptionInfo } from "./plugin_options.ts";
import type { PluginRegistry } from "./registry.ts";

/** One strategy on one target. */
export interface StrategyRow {
  name: string;
  available: boolean;
  reason?: string;
  dataPreservation: "full" | "none";
  reliability: "high" | "medium" | "low";
  complexity: "low" | "medium" | "high";
  admin: boolean;
  hyperV: boolean;
  estimate: Estimate | null;
  estimateError?: string;
  /** The options the strategy declares (name, type, default, help). */
  options: OptionInfo[];
}

/** Rows for every registered strategy, in registration order. */
export async function strategyRows(ctx: PluginContext, registry: PluginRegistry, target: Target): Promise<StrategyRow[]> {
  const rows: StrategyRow[] = [];
  for (const { plugin } of registry.list()) rows.push(await rowFor(ctx, plugin, target));
  return rows;
}

async function rowFor(ctx: PluginContext, plugin: StrategyPlugin, target: Target): Promise<StrategyRow> {
  const avail = await availabilityFor(ctx, plugin, target);
  const kindOk = plugin.metadata.requirements.targetKinds.includes(target.kind);
  let estimate: Estimate | null = null;
  let estimateError: string | undefined;
  if (kindOk) {
    try {
      estimate = await plugin.estimate(contextFor(ctx, plugin), target);
    } catch (e) {
      estimateError = (e as Error).message;
    }
  }
  const m = plugin.metadata;
  return {
    name: plugin.name,
    available: avail.available,
    reason: avail.reason,
    dataPreservation: m.dataPreservation,
    reliability: m.reliability,
    complexity: m.complexity,
    admin: m.requirements.admin,
    hyperV: m.requirements.hyperV,
    estimate,
    estimateError,
    options: describeOptions(plugin),
  };
}

const RELIABILITY = { high: 3, medium: 2, low: 1 } as const;

/**
 * The strategy to recommend: available, keeps data, biggest reclaim; reliability breaks near-ties
 * (within 5% of the best reclaim). Never a data-losing strategy, and none when nothing can be reclaimed.
 */
export function recommend(rows: StrategyRow[]): StrategyRow | null {
  const ok = rows.filter((r) => r.available && r.dataPreservation === "full" && r.estimate);
  if (ok.length === 0) return null;
  const best = Math.max(...ok.map((r) => r.estimate!.reclaimable));
  if (best <= 0) return null; // nothing to win: recommending a run would only cost time
  const near = ok.filter((r) => r.estimate!.reclaimable >= best * 0.95);
  near.sort((a, b) => RELIABILITY[b.reliability] - RELIABILITY[a.reliability] || b.estimate!.reclaimable - a.estimate!.reclaimable);
  return near[0];
}

/** The analysis or a one-line reason it failed (a corrupt file still gets a row in `compare`). */
export async function tryAnalyze(ctx: PluginContext, target: Target): Promise<{ analysis?: DiskAnalysis; error?: string }> {
  try {
    return { analysis: await ctx.analyze(target) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** One target compared: its analysis (or why none), every strategy's row and the recommendation. */
export interface TargetComparison {
  target: Target;
  analysis: DiskAnalysis | null;
  analysisError?: string;
  rows: StrategyRow[];
  recommended: StrategyRow | null;
}

/**
 * Compares every registered strategy on `target` and picks the recommendation: what `compare`
 * prints per disk and what the default command chooses from.
 */
export async function compareTarget(ctx: PluginContext, registry: PluginRegistry, target: Target): Promise<TargetComparison> {
  const { analysis, error } = await tryAnalyze(ctx, target);
  const rows = await strategyRows(ctx, registry, target);
  return { target, analysis: analysis ?? null, ...(error !== undefined ? { analysisError: error } : {}), rows, recommended: recommend(rows) };
}
