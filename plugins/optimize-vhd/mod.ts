/**
 * The optimize-vhd strategy: Hyper-V's `Optimize-VHD -Mode Full` on the disk attached read-only,
 * after a trim inside the distro. Needs the Hyper-V PowerShell module (not on Windows Home, WSL#7875)
 * and the Hyper-V role (its service, vmms), and elevation for that one step. Optimize-VHD refuses
 * sparse files (WSL#4103), so the elevated step clears the sparse flag, which allocates the file
 * fully (that is its temporary space), and sets it again when compaction did not happen.
 * @module
 */
import { crtCommandLine, definePlugin, formatBytes, powershellArgs, psQuote, RefusedError, readVhdxIdentity } from "../../mod.ts";
import type { PluginContext, Step, StepContext, StrategyPlugin, Target } from "../../mod.ts";
import { dismountScript, IDENTITY_READ_AT_RUN, OPTIMIZE_EXIT, optimizeScript, probeScript } from "./script.ts";
import { readOutcome, sparseChange } from "./outcome.ts";

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
    const r = await ctx.host.exec("powershell.exe", powershellArgs(probeScript())).catch(() => null);
    if (r?.code === OPTIMIZE_EXIT.ok) return { available: true };
    if (r?.code === OPTIMIZE_EXIT.noRole) {
      return { available: false, reason: "the Hyper-V PowerShell module is installed but the Hyper-V role is not (no vmms service), so Mount-VHD cannot run: enable Hyper-V, or use the diskpart or native strategy" };
    }
    return { available: false, reason: "needs the Hyper-V PowerShell module (not on Windows Home): enable Hyper-V, or use the diskpart or native strategy" };
  },
  async estimate(ctx, target) {
    const info = await ctx.host.fs.stat(target.path);
    // Size on disk unknown: un-sparsing may need the whole length.
    const unsparse = info?.isSparse ? info.size - (info.allocatedSize ?? 0) : 0;
    return ctx.trim.estimate(target, { compacts: true, extraTemp: unsparse });
  },
  async plan(ctx, target): Promise<Step[]> {
    // The elevated step clears the flag only on a sparse file; fsutil is a cmd program, so cmd/CRT quoting, not PowerShell's.
    const sparse = (await ctx.host.fs.stat(target.path))?.isSparse === true;
    // Set while the elevated step may have left the disk attached and nothing detached it yet.
    const attach = { pending: false };
    return [
      ctx.quiesce.step(target.path),
      ctx.trim.step(target),
      ...(sparse ? [{ description: "inside the elevated step, after checking the file: clear the sparse flag (Optimize-VHD refuses sparse files); set again if compaction does not happen", command: crtCommandLine(["fsutil", "sparse", "setflag", target.path, "0"]), elevated: true, changes: true }] : []),
      {
        description: `check ${target.path} is a VHDX file, still the one whose header write GUIDs were read as this step starts (after the trim; they fill the <…> below), attach read-only, compact, detach (detach runs even when compaction fails; the exit code names the step that failed; the path is passed as base64)`,
        command: crtCommandLine(["powershell.exe", ...powershellArgs(optimizeScript(target.path, { clearSparse: sparse, identity: IDENTITY_READ_AT_RUN }))]),
        elevated: true,
        changes: true,
        run: (step) => optimize(ctx, target, step, attach),
        onFailure: (step) => attach.pending ? detachAfterFailure(ctx, target.path, step) : Promise.resolve(),
      },
    ];
  },
});

/**
 * The elevated step: with enough room to un-sparse, Optimize-VHD on the disk attached read-only,
 * then the disk detached and the outcome read from the exit code (outcome.ts).
 */
async function optimize(ctx: PluginContext, target: Target, step: StepContext, attach: { pending: boolean }): Promise<void> {
  const { host } = ctx;
  const notes: string[] = [];
  const info = await host.fs.stat(target.path);
  const clearSparse = info?.isSparse === true;
  if (info && clearSparse) {
    const need = info.size - (info.allocatedSize ?? 0);
    const free = await host.fs.freeSpace(host.path.dirname(target.path));
    if (free < need) throw new RefusedError(`Optimize-VHD needs the sparse flag cleared, which takes ${formatBytes(need)} more on the disk's volume (${formatBytes(free)} free): free space first; the disk is unchanged`);
  }
  // No signal: killing PowerShell mid-way would skip its Dismount-VHD; compaction is read-only for the data.
  const identity = await readVhdxIdentity(ctx.host.fs, target.path);
  attach.pending = true;
  const r = await ctx.elevation.run("powershell.exe", powershellArgs(optimizeScript(target.path, { clearSparse, identity })), { onPrompt: (m) => ctx.log.info(m) });
  await ensureDetached(ctx, target.path, notes);
  attach.pending = false;
  const changed = info && clearSparse ? sparseChange(info, await host.fs.stat(target.path)) : "";
  readOutcome(r, notes, changed);
  notes.forEach(step.note);
}

/** After a failure of the elevated step: the disk is not left attached (its own Dismount-VHD may not have run). */
async function detachAfterFailure(ctx: PluginContext, path: string, step: StepContext): Promise<void> {
  const notes: string[] = [];
  await ensureDetached(ctx, path, notes);
  notes.forEach(step.note);
}

/** Detaches the disk if it is still attached (the script's own Dismount-VHD did not run or failed). */
async function ensureDetached(ctx: PluginContext, path: string, notes: string[]): Promise<void> {
  if (!(await ctx.host.fs.isLocked(path))) return;
  const r = await ctx.elevation.run("powershell.exe", powershellArgs(dismountScript(path)), { onPrompt: (m) => ctx.log.info(m) });
  if (r.code !== 0 || await ctx.host.fs.isLocked(path)) {
    notes.push(`the disk may still be attached: run (as administrator) Dismount-VHD -Path ${psQuote(path)}`);
  }
}
