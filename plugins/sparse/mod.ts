/**
 * The sparse strategy: `wsl --manage D --set-sparse true`, then trim inside the distro so the freed
 * blocks become holes in the file. WSL gates enabling behind `--allow-unsafe` since 2.5.8 because
 * sparse disks have corrupted distros (WSL#12103, #10703, #10991, #13075): this strategy passes that
 * flag on only when the user gave `--allow-unsafe` after reading why.
 * @module
 */
import { definePlugin, RefusedError, z } from "../../mod.ts";
import type { PluginContext, Step, StrategyPlugin, Target } from "../../mod.ts";

/** First WSL release with `--manage --set-sparse`. */
export const MIN_WSL_VERSION = "2.0.0";
/** Windows 10 21H2 (build 19044): the oldest build the Store WSL 2.x supports. */
export const MIN_WINDOWS_BUILD = 19044;

/** What the user must know before `--allow-unsafe`. */
export const UNSAFE_EXPLANATION =
  "WSL refuses to make disks sparse because sparse VHDX files have corrupted distros (microsoft/WSL#12103, #10703, #10991, #13075); " +
  "if you accept that risk (have a backup: wsl --export), run again with --allow-unsafe; nothing was changed";

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
  plan: (ctx, target) => Promise.resolve(sparseSteps(ctx, target)),
});

/** Stop what holds the disk, make it sparse (stopping at WSL's `--allow-unsafe` gate unless given), trim, shut down. */
function sparseSteps(ctx: PluginContext<z.infer<typeof sparseOptions>>, target: Target): Step[] {
  const distro = target.name;
  const allowUnsafe = ctx.options.allowUnsafe === true;
  const makeSparse = ctx.wsl.setSparse(distro, true, allowUnsafe);
  const trim = ctx.trim.distro(distro);
  const shutdown = ctx.wsl.shutdown();
  return [
    ctx.quiesce.step(target.path),
    {
      description: `make ${distro}'s disk sparse${allowUnsafe ? " (--allow-unsafe given: WSL warns sparse disks can corrupt)" : " (stops with an explanation if WSL demands --allow-unsafe)"}`,
      command: makeSparse.line,
      changes: true,
      leaves: `${distro}'s disk is sparse and not yet trimmed; ${distro} is intact: run the command again to trim`,
      async run(step) {
        if (await makeSparse.run({ signal: step.signal }) === "unsafe-gate") throw new RefusedError(UNSAFE_EXPLANATION);
        if (allowUnsafe) step.note(`${distro}'s disk is now sparse (you passed --allow-unsafe); undo with: ${ctx.wsl.setSparse(distro, false, false).line}`);
      },
    },
    {
      description: `start ${distro} and trim its free blocks`,
      command: trim.line,
      changes: true,
      async run(step) {
        step.note(`fstrim reported ${await trim.run({ signal: step.signal })} bytes trimmed`);
      },
    },
    { description: "shut WSL down again", command: shutdown.line, changes: false, run: () => shutdown.run() },
  ];
}
