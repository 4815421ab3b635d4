/**
 * The diskpart strategy: trim inside the distro, then `diskpart /s` with select / attach readonly /
 * compact / detach (docs/research.md §5). Needs admin for that one step; exists on Windows Home. For ext4
 * the gain is the all-zero and trimmed blocks. diskpart's exit code is not trusted: its output is.
 * @module
 */
import { definePlugin } from "../../core/plugin/define_plugin.ts";
import type { PluginContext, StrategyPlugin, Target } from "../../core/plugin/types.ts";
import { InterruptedError, RefusedError } from "../../core/errors.ts";
import { quiesceStep, whileQuiesced } from "../../core/wsl/quiesce.ts";
import { trimBeforeCompact, trimPlanSteps } from "../../core/wsl/trim.ts";
import { trimCompactEstimate } from "../../core/wsl/trim_estimate.ts";
import { openVhdx } from "../../core/vhdx/open_vhdx.ts";
import { compactScript, detachScript, parseDiskpartOutput } from "./script.ts";

/** The diskpart strategy plugin. */
export const diskpartPlugin: StrategyPlugin = definePlugin({
  name: "diskpart",
  apiVersion: 1,
  description: "Trim, then diskpart compact vdisk on the disk attached read-only (needs admin, works on Windows Home)",
  metadata: {
    reliability: "medium",
    dataPreservation: "full",
    complexity: "low",
    requirements: { admin: true, hyperV: false, windows: true, wslVersion: null, tempSpace: "none", targetKinds: ["distro", "disk"] },
  },
  probe: () => Promise.resolve({ available: true }),
  async estimate(ctx, target) {
    return trimCompactEstimate(await ctx.analyze(target), target, { compacts: true });
  },
  async plan(_ctx, target) {
    return [
      quiesceStep(),
      ...trimPlanSteps(target),
      { description: `diskpart script: ${compactScript(target.path).trim().split("\r\n").join("; ")}`, command: "diskpart /s <script>", elevated: true, changes: true },
      { description: "if anything failed: a second script that detaches the disk", command: "diskpart /s <detach script>", elevated: true, changes: false },
    ];
  },
  run: (ctx, target) => runDiskpart(ctx, target),
});

async function runDiskpart(ctx: PluginContext, target: Target) {
  const { host, signal } = ctx;
  const before = await host.fs.stat(target.path);
  if (!before) throw new RefusedError(`${target.path} does not exist; nothing was changed`);
  if (before.isSparse) throw new RefusedError(`${target.path} is sparse and diskpart refuses sparse files: use optimize-vhd (clears the flag) or native; nothing was changed`);
  const notes: string[] = [];
  await whileQuiesced(ctx, notes, async () => {
    await trimBeforeCompact(host, target, signal, notes);
    if (signal.aborted) throw new InterruptedError("interrupted before diskpart: the disk is unchanged");
    const dir = await host.fs.makeTempDir("vhdx-shrink-diskpart-");
    try {
      await compactWithDiskpart(ctx, target.path, dir, notes);
    } finally {
      await host.fs.remove(dir).catch(() => undefined);
    }
  }, target.path);
  const after = await host.fs.stat(target.path);
  return { sizeBefore: before.size, sizeAfter: after?.size ?? before.size, keptFiles: [], notes };
}

/** Runs the compaction script, reads its output, and always makes sure the disk ends detached. */
async function compactWithDiskpart(ctx: PluginContext, path: string, dir: string, notes: string[]): Promise<void> {
  const { host } = ctx;
  const script = host.path.join(dir, "compact.txt");
  await host.fs.writeText(script, compactScript(path));
  // No signal: killing diskpart would leave the disk attached; compaction itself is crash-safe in VDS.
  const r = await host.exec("diskpart", ["/s", script], { elevated: true });
  const out = parseDiskpartOutput(`${r.stdout}\n${r.stderr}`);
  const captured = r.stdout.trim().length > 0;
  if (!out.succeeded.includes("detach")) await detach(ctx, path, dir, notes);
  if (out.error) throw new RefusedError(`diskpart failed (exit ${r.code}): ${out.error}; the disk was attached read-only at most and is detached; it is unchanged`);
  if (captured && !out.succeeded.includes("compact")) {
    throw new RefusedError(`diskpart did not report a compaction (exit ${r.code}); the disk was attached read-only at most and is detached; try the native strategy`);
  }
  if (!captured) {
    // Run through UAC, diskpart has its own console: check the file instead of the output.
    if (r.code !== 0) throw new RefusedError(`diskpart failed (exit ${r.code}, output not visible through the UAC prompt): the disk is unchanged; run vhdx-shrink from an administrator terminal to see its message`);
    await checkVhdx(ctx, path);
    notes.push("diskpart ran in its own elevated window, so its output could not be read: the disk was checked instead (detached, valid VHDX)");
  }
}

async function detach(ctx: PluginContext, path: string, dir: string, notes: string[]): Promise<void> {
  const { host } = ctx;
  if (!(await host.fs.isLocked(path))) return;
  const script = host.path.join(dir, "detach.txt");
  await host.fs.writeText(script, detachScript(path));
  await host.exec("diskpart", ["/s", script], { elevated: true });
  if (await host.fs.isLocked(path)) notes.push(`the disk may still be attached: run diskpart (as administrator) with: select vdisk file="${path}", detach vdisk`);
}

async function checkVhdx(ctx: PluginContext, path: string): Promise<void> {
  if (await ctx.host.fs.isLocked(path)) throw new RefusedError(`the disk is still attached after diskpart: run diskpart (as administrator) with: select vdisk file="${path}", detach vdisk`);
  const f = await ctx.host.fs.open(path, "read");
  try {
    await openVhdx(f, { log: "refuse" });
  } finally {
    await f.close();
  }
}
