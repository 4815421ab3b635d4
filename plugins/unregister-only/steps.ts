/**
 * The steps of unregister-only: stop what holds the disk, the core's consent gate, `wsl --unregister`.
 * @module
 */
import { RefusedError } from "../../mod.ts";
import type { PluginContext, Step, Target } from "../../mod.ts";

/** Distros Docker Desktop recreates by itself, and what is lost with each (docs/research.md §3). */
export const DOCKER_DISTROS: Record<string, string> = {
  "docker-desktop": "Docker Desktop recreates it empty at its next start; images and volumes live elsewhere (docker_data.vhdx) and are kept",
  "docker-desktop-data": "this deletes ALL Docker images, containers and volumes (Docker Desktop before 4.30 keeps them here); Docker recreates it empty",
};

/**
 * Stop what holds the disk, the core's consent gate (it asks before step 1), then the unregister.
 * A failed unregister says what state WSL is in and the command to run by hand.
 */
export function unregisterSteps(ctx: PluginContext, target: Target): Step[] {
  const { host } = ctx;
  const distro = target.name;
  const unregister = ctx.wsl.unregister(distro);
  return [
    ctx.quiesce.step(target.path),
    { description: `confirm: type the name ${distro} (or pass --i-understand-data-loss)`, changes: false },
    {
      description: `unregister ${distro}: deletes its registration and ${target.path} with ALL its data`,
      command: unregister.line,
      changes: true,
      leaves: `${distro} is unregistered and its data deleted`,
      async run(step) {
        try {
          await unregister.run();
        } catch (e) {
          const still = await ctx.wsl.isRegistered(distro).catch(() => true);
          const disk = await host.fs.exists(target.path);
          throw new RefusedError(`unregistering ${distro} failed (${(e as Error).message}): it is ${still ? "still registered" : "no longer registered"} and its disk ${disk ? "still exists" : "is gone"}; close every program using WSL and run ${unregister.line}`);
        }
        const docker = DOCKER_DISTROS[distro.toLowerCase()];
        if (docker) step.note(docker);
        if (await host.fs.exists(target.path)) step.note(`WSL left ${target.path} behind: delete it to free the space`);
      },
    },
  ];
}
