/**
 * The native strategy: compacts the VHDX itself from the ext4 allocation map, in place (no extra
 * space) or into a new file (`output` option). Needs no Hyper-V, no admin rights and no WSL, so it
 * works on Windows Home and on any OS for a file at hand. Written as a third-party plugin would be.
 * @module
 */
import { definePlugin, z } from "../../mod.ts";
import type { PluginContext, PluginMetadata, StrategyPlugin, Target } from "../../mod.ts";
import { nativeSteps } from "./plan_steps.ts";

/** Declarative facts `compare` shows. Copy mode needs room for the new file; in place needs none. */
export const nativeMetadata: PluginMetadata = {
  reliability: "high",
  dataPreservation: "full",
  complexity: "low",
  requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["distro", "disk"] },
};

/** Rough throughput for the time estimate: used data is read (and moved/written) at about this rate. */
const BYTES_PER_SECOND = 200 * 1024 * 1024;

/** The options of the native strategy, with their help (the CLI's `-o/--output`, `--backup`, `--no-scrub`). */
export const nativeOptionsSchema = z.object({
  output: z.string().optional().describe("write the compacted disk to a new file (copy mode)").meta({ short: "o", value: "file" }),
  backup: z.boolean().default(false).describe("in place: keep a copy of the file first when space allows"),
  scrub: z.boolean().default(true).describe("zero free filesystem blocks inside kept blocks"),
});

/** The options this strategy reads from `ctx.options`. */
function nativeOptions(ctx: PluginContext) {
  return nativeOptionsSchema.parse({ output: ctx.options.output, scrub: ctx.options.scrub, backup: ctx.options.backup });
}

/** Exact copy-mode size: the shared analysis gives the in-place size, so a copy is planned here. */
function copySize(ctx: PluginContext, target: Target): Promise<number | null> {
  return ctx.disks.copySize(target.path, ctx.signal);
}

/** The native compaction strategy plugin. */
export const nativePlugin: StrategyPlugin = definePlugin({
  name: "native",
  apiVersion: 1,
  description: "Compact the VHDX directly from the ext4 allocation map (no Hyper-V, no admin, no WSL; in place or to a new file)",
  metadata: nativeMetadata,
  options: nativeOptionsSchema,
  probe: () => Promise.resolve({ available: true }),

  async estimate(ctx, target) {
    const a = await ctx.analyze(target);
    const { output } = nativeOptions(ctx);
    const sizeAfter = output !== undefined ? await copySize(ctx, target) : a.usedOnlySizeAfter;
    const seconds = Math.max(1, Math.round((a.filesystem.usedBytes + a.allocatedBytes / 8) / BYTES_PER_SECOND));
    if (sizeAfter === null) {
      return { sizeAfter: a.fileSize, reclaimable: 0, tempSpace: 0, seconds, exact: true, note: a.filesystem.reason ?? "filesystem not trusted" };
    }
    return {
      sizeAfter,
      reclaimable: Math.max(0, a.fileSize - sizeAfter),
      tempSpace: output !== undefined ? sizeAfter : 0,
      seconds,
      exact: true,
      note: a.filesystem.trusted ? undefined : "filesystem not understood: all-zero blocks only",
    };
  },

  plan: (ctx, target) => nativeSteps(ctx, target, nativeOptions(ctx)),
});
