/**
 * The native strategy: compacts the VHDX itself from the ext4 allocation map, in place (no extra
 * space) or into a new file (`output` option). Needs no Hyper-V, no admin rights and no WSL, so it
 * works on Windows Home and on any OS for a file at hand. Written as a third-party plugin would be.
 * @module
 */
import { compactFile } from "../../core/compact/compact_file.ts";
import { estimateNative } from "../../core/compact/estimate_native.ts";
import { TargetBusyError } from "../../core/errors.ts";
import { openVhdx } from "../../core/vhdx/open_vhdx.ts";
import { definePlugin } from "../../core/plugin/define_plugin.ts";
import type { PluginContext, PluginMetadata, StrategyPlugin, Target } from "../../core/plugin/types.ts";
import { compactionSteps } from "./plan_steps.ts";

/** Declarative facts `compare` shows. Copy mode needs room for the new file; in place needs none. */
export const nativeMetadata: PluginMetadata = {
  reliability: "high",
  dataPreservation: "full",
  complexity: "low",
  requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["distro", "disk"] },
};

/** Rough throughput for the time estimate: used data is read (and moved/written) at about this rate. */
const BYTES_PER_SECOND = 200 * 1024 * 1024;

/** The options this strategy reads from `ctx.options`. */
function nativeOptions(ctx: PluginContext) {
  const schema = ctx.zod.object({
    output: ctx.zod.string().optional(),
    scrub: ctx.zod.boolean().optional(),
    backup: ctx.zod.boolean().optional(),
  });
  return schema.parse({ output: ctx.options.output, scrub: ctx.options.scrub, backup: ctx.options.backup });
}

function refuseIfRunning(target: Target): void {
  if (target.running) {
    const name = target.distro ?? target.name;
    throw new TargetBusyError(`${name} is running, so its disk is in use; run \`wsl --terminate ${name}\` (or quit Docker Desktop), then retry.`);
  }
}

/** Exact copy-mode size: the shared analysis gives the in-place size, so a copy is planned here. */
async function copySize(ctx: PluginContext, target: Target): Promise<number | null> {
  const file = await ctx.host.fs.open(target.path, "read");
  try {
    return (await estimateNative(await openVhdx(file), { signal: ctx.signal })).copySizeAfter;
  } finally {
    await file.close();
  }
}

/** The native compaction strategy plugin. */
export const nativePlugin: StrategyPlugin = definePlugin({
  name: "native",
  apiVersion: 1,
  description: "Compact the VHDX directly from the ext4 allocation map (no Hyper-V, no admin, no WSL; in place or to a new file)",
  metadata: nativeMetadata,
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

  async plan(ctx, target) {
    const { output, scrub } = nativeOptions(ctx);
    const report = await compactFile(ctx.host, target.path, { output, scrub, dryRun: true, signal: ctx.signal });
    return compactionSteps(target, report);
  },

  async run(ctx, target, progress) {
    refuseIfRunning(target);
    const { output, scrub, backup } = nativeOptions(ctx);
    const r = await compactFile(ctx.host, target.path, { output, scrub, backup, signal: ctx.signal, progress });
    const notes = [...r.notes];
    if (r.mode === "copy") notes.push(`wrote ${r.output}; verified ${r.verifiedBytes} bytes of used data against the source`);
    else notes.push(`dropped ${r.droppedBlocks} blocks, moved ${r.movedBlocks}, kept ${r.keptBlocks}`);
    return { sizeBefore: r.sizeBefore, sizeAfter: r.sizeAfter, keptFiles: r.output ? [r.output, ...r.keptFiles] : r.keptFiles, notes };
  },
});
