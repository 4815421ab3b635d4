/**
 * Pre-flight checks every strategy gets before it runs, derived from its declared metadata (not its
 * code): target kind, Windows, admin, temporary space, plus the plugin's own probe.
 * @module
 */
import { formatBytes } from "../units.ts";
import type { Availability, Estimate, PlanStep, PluginContext, StrategyPlugin, Target } from "./types.ts";
import { contextFor } from "./context.ts";
import { targetInUse } from "./target_in_use.ts";

/** One line of the pre-flight checklist. */
export interface Check {
  label: string;
  /** "ok" passes; "warn" passes with a note (e.g. a UAC prompt will appear); "fail" blocks the run. */
  status: "ok" | "warn" | "fail";
  detail?: string;
}

/** Whether a strategy can be used on a target here, from metadata and probe, without running anything. */
export async function availabilityFor(ctx: PluginContext, plugin: StrategyPlugin, target: Target): Promise<Availability> {
  const req = plugin.metadata.requirements;
  if (!req.targetKinds.includes(target.kind)) {
    const kinds = req.targetKinds.map((k) => k === "distro" ? "registered WSL distros" : "bare VHDX files").join(" and ");
    return { available: false, reason: `works on ${kinds} only; ${target.name} is ${target.kind === "distro" ? "a distro" : "a bare disk"}` };
  }
  if (req.windows && !ctx.host.isWindows) return { available: false, reason: "needs Windows" };
  let own: PluginContext;
  try {
    own = contextFor(ctx, plugin);
  } catch (e) {
    // Its options are missing or do not fit: the message names the flag ("NAME needs --dest <dir>").
    return { available: false, reason: (e as Error).message };
  }
  try {
    return await plugin.probe(own);
  } catch (e) {
    return { available: false, reason: `probe failed: ${(e as Error).message}` };
  }
}

/**
 * The checklist printed before a run. Any "fail" blocks it. `steps` is the plugin's plan: a running
 * target passes only when a step stops it (a step that `closes` something).
 */
export async function preflight(ctx: PluginContext, plugin: StrategyPlugin, target: Target, estimate: Estimate | null, steps: PlanStep[] = []): Promise<Check[]> {
  const checks: Check[] = [];
  const avail = await availabilityFor(ctx, plugin, target);
  checks.push({ label: `${plugin.name} is available here`, status: avail.available ? "ok" : "fail", detail: avail.reason });
  const info = await ctx.host.fs.stat(target.path);
  checks.push({ label: `disk file exists: ${target.path}`, status: info ? "ok" : "fail", detail: info ? undefined : "not found" });
  if (plugin.metadata.requirements.admin) {
    const elevated = await ctx.host.isElevated();
    checks.push({
      label: "administrator rights for the elevated step",
      status: elevated ? "ok" : "warn",
      detail: elevated ? undefined : "Windows will ask for permission (UAC) for that one step",
    });
  }
  if (estimate && estimate.tempSpace > 0) {
    const dir = estimate.tempDir ?? ctx.host.path.dirname(target.path);
    const free = await ctx.host.fs.freeSpace(dir).catch(() => Number.NaN);
    const need = Math.ceil(estimate.tempSpace * 1.1);
    checks.push({
      label: `temporary space: ${formatBytes(need)} needed on the volume of ${dir}`,
      status: Number.isNaN(free) ? "warn" : free >= need ? "ok" : "fail",
      detail: Number.isNaN(free) ? "free space unknown" : `${formatBytes(free)} free`,
    });
  }
  const inUse = targetInUse(target);
  if (inUse) {
    const stops = steps.some((s) => (s.closes ?? []).length > 0);
    checks.push(stops
      ? { label: `${target.name} is running`, status: "warn", detail: "it will be stopped first" }
      : { label: `${target.name} is not running`, status: "fail", detail: inUse });
  }
  return checks;
}
