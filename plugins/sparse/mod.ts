/**
 * The sparse strategy: `wsl --manage D --set-sparse true`, then trim inside the distro so the freed
 * blocks become holes in the file. WSL gates enabling behind `--allow-unsafe` since 2.5.8 because
 * sparse disks have corrupted distros (WSL#12103, #10703, #10991, #13075): this strategy passes that
 * flag on only when the user gave `--allow-unsafe` after reading why.
 * @module
 */
import { definePlugin, z } from "../../mod.ts";
import type { StrategyPlugin } from "../../mod.ts";
import { sparseSteps } from "./steps.ts";

/** First WSL release with `--manage --set-sparse`. */
export const MIN_WSL_VERSION = "2.0.0";
/** Windows 10 21H2 (build 19044): the oldest build the Store WSL 2.x supports. */
export const MIN_WINDOWS_BUILD = 19044;

export { UNSAFE_EXPLANATION } from "./steps.ts";

/** The options of the sparse strategy. */
export const sparseOptions = z.object({
  allowUnsafe: z.boolean().default(false).describe("pass --allow-unsafe to wsl.exe after explaining the risk"),
});

/** The sparse strategy plugin. */
export const sparsePlugin: StrategyPlugin = definePlugin({
  name: "sparse",
  apiVersion: 1,
  description: "Make the distro's disk sparse (wsl --manage --set-sparse) and trim it, so free space becomes holes",
  metadata: {
    reliability: "low",
    dataPreservation: "full",
    complexity: "low",
    requirements: { admin: false, hyperV: false, windows: true, wslVersion: MIN_WSL_VERSION, tempSpace: "none", targetKinds: ["distro"] },
  },
  options: sparseOptions,
  async probe(ctx) {
    const build = await ctx.host.windowsBuild();
    if (build !== null && build < MIN_WINDOWS_BUILD) return { available: false, reason: `needs Windows build ${MIN_WINDOWS_BUILD} or later (this is ${build})` };
    const v = await ctx.wsl.version();
    if (!v) return { available: false, reason: "needs WSL 2.0 or later from the Microsoft Store: run wsl --update" };
    if (ctx.wsl.compareVersions(v.wsl, MIN_WSL_VERSION) < 0) return { available: false, reason: `needs WSL ${MIN_WSL_VERSION} or later (installed ${v.wsl}): run wsl --update` };
    return { available: true };
  },
  async estimate(ctx, target) {
    return { ...(await ctx.trim.estimate(target, { compacts: false })), note: "needs trim; size on disk, file keeps its length" };
  },
  measure: "allocated",
  plan: (ctx, target) => sparseSteps(ctx, target),
});
