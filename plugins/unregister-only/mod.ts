/**
 * The unregister-only strategy: `wsl --unregister D`, which deletes the distro AND all its data. For
 * `docker-desktop` that is harmless (Docker Desktop recreates it empty at its next start); for any
 * other distro it is data loss, so it needs `--yes` plus the distro's name typed at a prompt, or
 * `--i-understand-data-loss` in scripts.
 * @module
 */
import { definePlugin } from "../../mod.ts";
import type { StrategyPlugin } from "../../mod.ts";
import { DOCKER_DISTROS, unregisterSteps } from "./steps.ts";

export { DOCKER_DISTROS } from "./steps.ts";

/** The unregister-only strategy plugin. */
export const unregisterOnlyPlugin: StrategyPlugin = definePlugin({
  name: "unregister-only",
  apiVersion: 1,
  description: "Unregister the distro: deletes it and ALL its data (for docker-desktop, which Docker recreates empty)",
  metadata: {
    reliability: "high",
    dataPreservation: "none",
    complexity: "low",
    requirements: { admin: false, hyperV: false, windows: true, wslVersion: null, tempSpace: "none", targetKinds: ["distro"] },
  },
  probe: () => Promise.resolve({ available: true }),
  async estimate(ctx, target) {
    const size = (await ctx.host.fs.stat(target.path))?.size ?? 0;
    const docker = DOCKER_DISTROS[target.name.toLowerCase()];
    return { sizeAfter: 0, reclaimable: size, tempSpace: 0, seconds: 5, exact: true, note: docker ? `deletes data; ${docker}` : "DELETES ALL DATA in the distro" };
  },
  plan: (ctx, target) => Promise.resolve(unregisterSteps(ctx, target)),
});
