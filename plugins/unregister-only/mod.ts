/**
 * The unregister-only strategy: `wsl --unregister D`, which deletes the distro AND all its data. For
 * `docker-desktop` that is harmless (Docker Desktop recreates it empty at its next start); for any
 * other distro it is data loss, so it needs `--yes` plus the distro's name typed at a prompt, or
 * `--i-understand-data-loss` in scripts.
 * @module
 */
import { definePlugin, InterruptedError, RefusedError } from "../../mod.ts";
import type { PluginContext, StrategyPlugin, Target } from "../../mod.ts";

/** Distros Docker Desktop recreates by itself, and what is lost with each (docs/research.md §3). */
export const DOCKER_DISTROS: Record<string, string> = {
  "docker-desktop": "Docker Desktop recreates it empty at its next start; images and volumes live elsewhere (docker_data.vhdx) and are kept",
  "docker-desktop-data": "this deletes ALL Docker images, containers and volumes (Docker Desktop before 4.30 keeps them here); Docker recreates it empty",
};

const distroOf = (t: Target) => t.distro ?? t.name;

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
    const docker = DOCKER_DISTROS[distroOf(target).toLowerCase()];
    return { sizeAfter: 0, reclaimable: size, tempSpace: 0, seconds: 5, exact: true, note: docker ? `deletes data; ${docker}` : "DELETES ALL DATA in the distro" };
  },
  plan: (ctx, target) => Promise.resolve([
    ctx.quiesce.planStep(),
    { description: `confirm: type the name ${distroOf(target)} (or pass --i-understand-data-loss)`, changes: false },
    { description: `unregister ${distroOf(target)}: deletes its registration and ${target.path} with ALL its data`, command: ctx.wsl.commands.unregister(distroOf(target)), changes: true },
  ]),
  run: (ctx, target) => runUnregister(ctx, target),
});

/** Refuses unless the user confirmed (--yes or the CLI prompt) AND acknowledged the data loss. */
async function requireConsent(ctx: PluginContext, distro: string): Promise<void> {
  const o = ctx.run;
  const confirmed = o.yes === true || o.interactive === true;
  if (!confirmed) throw new RefusedError(`unregister-only deletes ${distro} and all its data: add --yes (and type the name, or --i-understand-data-loss); nothing was changed`);
  if (o.iUnderstandDataLoss === true) return;
  if (o.interactive === true && ctx.ask) {
    const typed = (await ctx.ask(`This deletes ${distro} and ALL its data. Type its name to confirm: `)).trim();
    if (typed === distro) return;
    throw new RefusedError(`the typed name "${typed}" is not ${distro}: nothing was changed`);
  }
  throw new RefusedError(`unregister-only deletes ${distro} and all its data: type its name at the prompt, or pass --i-understand-data-loss in scripts; nothing was changed`);
}

async function runUnregister(ctx: PluginContext, target: Target) {
  const { host, signal } = ctx;
  const distro = distroOf(target);
  await requireConsent(ctx, distro);
  const sizeBefore = (await host.fs.stat(target.path))?.size ?? 0;
  const notes: string[] = [];
  await ctx.quiesce.around(notes, async () => {
    if (signal.aborted) throw new InterruptedError(`interrupted before unregistering: ${distro} is unchanged`);
    try {
      await ctx.wsl.unregister(distro);
    } catch (e) {
      const still = await ctx.wsl.isRegistered(distro).catch(() => true);
      const disk = await host.fs.exists(target.path);
      throw new RefusedError(`unregistering ${distro} failed (${(e as Error).message}): it is ${still ? "still registered" : "no longer registered"} and its disk ${disk ? "still exists" : "is gone"}; close every program using WSL and run ${ctx.wsl.commands.unregister(distro)}`);
    }
  }, target.path);
  const docker = DOCKER_DISTROS[distro.toLowerCase()];
  if (docker) notes.push(docker);
  const left = await host.fs.exists(target.path);
  if (left) notes.push(`WSL left ${target.path} behind: delete it to free the space`);
  return { sizeBefore, sizeAfter: left ? sizeBefore : 0, keptFiles: [], notes };
}
