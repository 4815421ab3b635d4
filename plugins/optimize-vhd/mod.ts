/**
 * The optimize-vhd strategy: Hyper-V's `Optimize-VHD -Mode Full` on the disk attached read-only,
 * after a trim inside the distro. Needs the Hyper-V PowerShell module (not on Windows Home, WSL#7875)
 * and elevation for that one step. Optimize-VHD refuses sparse files (WSL#4103), so the sparse flag
 * is cleared first, which allocates the file fully: that is its temporary space.
 * @module
 */
import { crtCommandLine, definePlugin, ELEVATION_CANCELLED_EXIT_CODE, formatBytes, InterruptedError, RefusedError } from "../../mod.ts";
import type { ExecResult, PluginContext, StrategyPlugin, Target } from "../../mod.ts";
import { OPTIMIZE_EXIT, optimizeScript, powershellArgs, psQuote } from "./script.ts";

/** The optimize-vhd strategy plugin. */
export const optimizeVhdPlugin: StrategyPlugin = definePlugin({
  name: "optimize-vhd",
  apiVersion: 1,
  description: "Trim, then Hyper-V Optimize-VHD -Mode Full on the disk attached read-only (needs Hyper-V and admin)",
  metadata: {
    reliability: "high",
    dataPreservation: "full",
    complexity: "low",
    requirements: { admin: true, hyperV: true, windows: true, wslVersion: null, tempSpace: "none", targetKinds: ["distro", "disk"] },
  },
  async probe(ctx) {
    const r = await ctx.host.exec("powershell.exe", powershellArgs("Get-Module -ListAvailable -Name Hyper-V")).catch(() => null);
    if (!r || r.code !== 0 || !/Hyper-V/.test(r.stdout)) {
      return { available: false, reason: "needs the Hyper-V PowerShell module (not on Windows Home): enable Hyper-V, or use the diskpart or native strategy" };
    }
    return { available: true };
  },
  async estimate(ctx, target) {
    const info = await ctx.host.fs.stat(target.path);
    const unsparse = info?.isSparse ? info.size - info.allocatedSize : 0;
    return ctx.trim.estimate(target, { compacts: true, extraTemp: unsparse });
  },
  async plan(ctx, target) {
    // The run clears the flag only on a sparse file; fsutil is a cmd program, so cmd/CRT quoting, not PowerShell's.
    const sparse = (await ctx.host.fs.stat(target.path))?.isSparse === true;
    return [
      ctx.quiesce.planStep(),
      ...ctx.trim.planSteps(target),
      ...(sparse ? [{ description: "clear the sparse flag (Optimize-VHD refuses sparse files)", command: crtCommandLine(["fsutil", "sparse", "setflag", target.path, "0"]), changes: true }] : []),
      { description: "attach read-only, compact, detach (detach runs even when compaction fails; the exit code names the step that failed)", command: `powershell.exe -NoProfile -NonInteractive -Command "${optimizeScript(target.path)}"`, elevated: true, changes: true },
    ];
  },
  run: (ctx, target) => runOptimize(ctx, target),
});

async function runOptimize(ctx: PluginContext, target: Target) {
  const { host, signal } = ctx;
  const before = await host.fs.stat(target.path);
  if (!before) throw new RefusedError(`${target.path} does not exist; nothing was changed`);
  const notes: string[] = [];
  await ctx.quiesce.around(notes, async () => {
    await ctx.trim.beforeCompact(target, notes, signal);
    const info = await host.fs.stat(target.path);
    if (info?.isSparse) {
      const need = info.size - info.allocatedSize;
      const free = await host.fs.freeSpace(host.path.dirname(target.path));
      if (free < need) throw new RefusedError(`Optimize-VHD needs the sparse flag cleared, which takes ${formatBytes(need)} more on the disk's volume (${formatBytes(free)} free): free space first; the disk is unchanged`);
      const r = await host.exec("fsutil", ["sparse", "setflag", target.path, "0"]);
      if (r.code !== 0) throw new RefusedError(`clearing the sparse flag failed (${r.stdout.trim() || r.stderr.trim()}): the disk is unchanged; is it still in use?`);
      notes.push("the sparse flag was cleared (Optimize-VHD refuses sparse files)");
    }
    if (signal.aborted) throw new InterruptedError("interrupted before Optimize-VHD: the disk is unchanged");
    // No signal: killing PowerShell mid-way would skip its Dismount-VHD; compaction is read-only for the data.
    const r = await host.exec("powershell.exe", powershellArgs(optimizeScript(target.path)), { elevated: true });
    await ensureDetached(ctx, target.path, notes);
    readOutcome(r, notes);
  }, target.path);
  const after = await host.fs.stat(target.path);
  return { sizeBefore: before.size, sizeAfter: after?.size ?? before.size, keptFiles: [], notes };
}

/**
 * What the script's exit code says happened (plugins/optimize-vhd/script.ts OPTIMIZE_EXIT): throws
 * for every failure with the step that failed, adds a note when only the detach failed.
 */
function readOutcome(r: ExecResult, notes: string[]): void {
  const why = r.stderr.split("\n").map((l) => l.trim()).filter((l) => l.length > 0).slice(0, 2).join(" ");
  const detail = `exit ${r.code}${why ? `: ${why}` : ""}`;
  switch (r.code) {
    case OPTIMIZE_EXIT.ok:
      return;
    case OPTIMIZE_EXIT.detachFailed:
      notes.push(`Optimize-VHD compacted the disk but Dismount-VHD failed (${detail})`);
      return;
    case ELEVATION_CANCELLED_EXIT_CODE:
      throw new RefusedError("the administrator prompt (UAC) was declined, so Optimize-VHD did not run: the disk is unchanged; accept the prompt, or use the native strategy (no admin needed)");
    case OPTIMIZE_EXIT.mountFailed:
      throw new RefusedError(`Mount-VHD failed (${detail}): nothing was attached or compacted and the disk is unchanged; try the diskpart or native strategy`);
    case OPTIMIZE_EXIT.optimizeFailed:
    case OPTIMIZE_EXIT.optimizeAndDetachFailed:
      throw new RefusedError(`Optimize-VHD failed (${detail}); the disk was only read and is detached again; try the diskpart or native strategy`);
    default:
      throw new RefusedError(`PowerShell failed before Optimize-VHD could run (${detail}); the disk is unchanged; try the diskpart or native strategy`);
  }
}

/** Detaches the disk if it is still attached (the script's own Dismount-VHD did not run or failed). */
async function ensureDetached(ctx: PluginContext, path: string, notes: string[]): Promise<void> {
  if (!(await ctx.host.fs.isLocked(path))) return;
  const r = await ctx.host.exec("powershell.exe", powershellArgs(`Dismount-VHD -Path ${psQuote(path)}`), { elevated: true });
  if (r.code !== 0 || await ctx.host.fs.isLocked(path)) {
    notes.push(`the disk may still be attached: run (as administrator) Dismount-VHD -Path ${psQuote(path)}`);
  }
}
