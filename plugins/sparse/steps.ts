/**
 * The steps of the sparse strategy: stop what holds the disk, `wsl --manage D --set-sparse true`
 * (stopping at WSL's `--allow-unsafe` gate unless the user gave it), trim inside the distro so the
 * freed blocks become holes, shut WSL down again.
 * @module
 */
import { ALLOW_UNSAFE_VERSION, RefusedError } from "../../mod.ts";
import type { PluginContext, Step, Target } from "../../mod.ts";

/** What the user must know before `--allow-unsafe`. */
export const UNSAFE_EXPLANATION =
  "WSL refuses to make disks sparse because sparse VHDX files have corrupted distros (microsoft/WSL#12103, #10703, #10991, #13075); " +
  "if you accept that risk (have a backup: wsl --export), run again with --allow-unsafe; nothing was changed";

/**
 * Stop what holds the disk, make it sparse (stopping at WSL's `--allow-unsafe` gate unless given), trim, shut down.
 * `--allow-unsafe` is in the line only where the run passes it: the user gave it and this WSL has the
 * gate (2.5.8 and later, docs/windows-facts.md §10); an older wsl.exe rejects the unknown argument, so
 * the run leaves it out there and the plan shows the same line.
 */
export async function sparseSteps(ctx: PluginContext<{ allowUnsafe: boolean }>, target: Target): Promise<Step[]> {
  const distro = target.name;
  const given = ctx.options.allowUnsafe === true;
  const version = given ? (await ctx.wsl.version())?.wsl ?? null : null;
  const allowUnsafe = given && version !== null && ctx.wsl.compareVersions(version, ALLOW_UNSAFE_VERSION) >= 0;
  const makeSparse = ctx.wsl.setSparse(distro, true, allowUnsafe);
  const trim = ctx.trim.distro(distro);
  const shutdown = ctx.wsl.shutdown();
  return [
    ctx.quiesce.step(target.path),
    {
      description: `make ${distro}'s disk sparse${allowUnsafe ? " (--allow-unsafe given: WSL warns sparse disks can corrupt)" : given ? ` (--allow-unsafe not passed: WSL ${version ?? "of unknown version"} predates ${ALLOW_UNSAFE_VERSION}, has no gate and rejects the flag)` : " (stops with an explanation if WSL demands --allow-unsafe)"}`,
      command: makeSparse.line,
      changes: true,
      leaves: `${distro}'s disk is sparse and not yet trimmed; ${distro} is intact: run the command again to trim`,
      async run(step) {
        if (await makeSparse.run({ signal: step.signal }) === "unsafe-gate") throw new RefusedError(UNSAFE_EXPLANATION);
        if (given) step.note(`${distro}'s disk is now sparse (you passed --allow-unsafe); undo with: ${ctx.wsl.setSparse(distro, false, false).line}`);
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
