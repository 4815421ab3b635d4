/**
 * What the fleet commands know about each disk of the current user before deciding anything: its
 * file size, what the native strategy in place would give back (the strategy `fix` runs), whether
 * that reaches the threshold, and whether something holds the disk now. Reads only.
 * @module
 */
import type { PluginContext, StrategyPlugin, Target } from "../plugin/types.ts";
import { contextFor } from "../plugin/context.ts";
import { targetInUse } from "../plugin/target_in_use.ts";
import { reaches } from "./threshold.ts";
import type { Threshold } from "./threshold.ts";

/** One disk as `check` and `fix` see it. */
export interface SurveyedDisk {
  target: Target;
  /** Bytes of the VHDX file; null when it could not be read. */
  fileSize: number | null;
  /** Bytes the native strategy in place would give back; null when unknown (see `error`). */
  reclaimable: number | null;
  /** Whether the reclaimable figure reaches the threshold. */
  reachesThreshold: boolean;
  /** Why the disk is in use now (a running distro, Docker Desktop, another program holds the file); null when free. */
  inUse: string | null;
  /** Who holds it, when it is in use. */
  holder?: Holder;
  /** Why the estimate failed, in one line. */
  error?: string;
}

/** What holds a disk in use: WSL (a running distro), Docker Desktop, or another program. */
export type Holder = "wsl" | "docker" | "program";

/** Who holds `target` and why, or null when nothing does. */
export async function inUseReason(ctx: PluginContext, target: Target): Promise<{ holder: Holder; reason: string } | null> {
  // Docker Desktop's disks are its own while it runs, attached or about to be (its VM starts them).
  if (target.owner === "docker" && await ctx.docker.running().catch(() => true)) {
    return { holder: "docker", reason: `${target.name} belongs to Docker Desktop, which is running: quit Docker Desktop, then retry` };
  }
  const running = targetInUse(target);
  if (running) return { holder: target.owner === "docker" ? "docker" : "wsl", reason: running };
  // A distro whose state could not be read is treated as running: the fleet commands never guess.
  if (target.kind === "distro" && target.running === undefined) {
    return { holder: "wsl", reason: `${target.name}'s state is unknown (wsl --list failed), so it is treated as running` };
  }
  const locked = await ctx.host.fs.isLocked(target.path).catch(() => false);
  return locked ? { holder: "program", reason: `${target.path} is open in another program` } : null;
}

/**
 * Surveys `target` with `native` (in place: the `output` option is cleared) against `threshold`.
 * @example
 * const d = await surveyDisk(ctx, registry.get("native"), target, { bytes: 5 * 1024 ** 3 });
 */
export async function surveyDisk(ctx: PluginContext, native: StrategyPlugin, target: Target, threshold: Threshold): Promise<SurveyedDisk> {
  const held = await inUseReason(ctx, target);
  const inUse = held?.reason ?? null;
  const holder = held ? { holder: held.holder } : {};
  const info = await ctx.host.fs.stat(target.path).catch(() => null);
  const fileSize = info?.size ?? null;
  try {
    const inPlace = contextFor({ ...ctx, options: { ...ctx.options, output: undefined } }, native);
    const e = await native.estimate(inPlace, target);
    const size = fileSize ?? e.sizeAfter + e.reclaimable;
    return { target, fileSize: size, reclaimable: e.reclaimable, reachesThreshold: reaches(threshold, e.reclaimable, size), inUse, ...holder };
  } catch (err) {
    const error = ((err as Error)?.message ?? String(err)).split("\n")[0];
    return { target, fileSize, reclaimable: null, reachesThreshold: false, inUse, ...holder, error };
  }
}
