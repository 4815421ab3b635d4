/**
 * The steps of the native strategy, from a dry-run compaction report: what the dry run prints is
 * what the run executes. The compaction is one call to the compactor (all or nothing, crash-safe),
 * so its parts (drop, move, BAT update, truncate) are that step's details.
 * @module
 */
import { formatBytes, targetInUse } from "../../mod.ts";
import type { CompactReport, PlanStep, PluginContext, Step, Target } from "../../mod.ts";

/**
 * The step that makes sure nothing holds the disk. The run stops nothing itself: on a running target
 * the core refuses, so the plan says that and shows the command for the user to run first, not as a
 * step of its own (a dry run shows what really runs).
 */
export function idleStep(target: Target): Step {
  const inUse = targetInUse(target);
  if (inUse) return { description: `refuse: ${inUse}`, changes: false };
  return { description: `check that nothing holds ${target.path} (distro stopped, Docker Desktop quit)`, changes: false };
}

/** What the compaction of `r` does, line by line (`compactFile(…, { dryRun: true })`'s report). */
export function compactionDetails(r: CompactReport): string[] {
  const lines = [`read the ${r.filesystem.trusted ? `${r.filesystem.type} allocation map` : "disk (filesystem not understood: all-zero blocks only)"}`];
  if (r.mode === "copy") {
    lines.push(`write ${r.keptBlocks} blocks to a new VHDX ${r.output} (${formatBytes(r.sizeAfter)}), dropping ${r.droppedBlocks}`);
    lines.push(`re-read ${r.output} and compare every used block with the source, then fsync`);
    return lines;
  }
  const entries = r.droppedBlocks + r.movedBlocks;
  if (entries === 0 && r.sizeAfter >= r.sizeBefore) lines.push("nothing to reclaim: leave the file as it is");
  if (r.droppedBlocks > 0) lines.push(`drop ${r.droppedBlocks} blocks without used data (${formatBytes(r.droppedBlocks * r.blockSize)})`);
  if (r.movedBlocks > 0) lines.push(`move ${r.movedBlocks} blocks (${formatBytes(r.movedBytes)}) from the end of the file into the holes`);
  if (entries > 0) lines.push(`update ${entries} BAT entries through the VHDX log`);
  if (r.sizeAfter < r.sizeBefore) lines.push(`truncate from ${formatBytes(r.sizeBefore)} to ${formatBytes(r.sizeAfter)} (${r.sizeBefore} → ${r.sizeAfter} bytes)`);
  return lines;
}

/**
 * What the native strategy's two steps show, from the compactor's dry-run report `planned`: the idle
 * check and the compaction. The `compact` command prints the same list for its dry run.
 */
export function nativePlan(target: Target, planned: CompactReport): [PlanStep, PlanStep] {
  return [idleStep(target), {
    description: planned.mode === "copy" ? `compact ${target.path} into the new file ${planned.output}` : `compact ${target.path} in place`,
    details: compactionDetails(planned),
    changes: true,
  }];
}

/** The native strategy's options that shape its steps. */
export interface NativeStepOptions {
  output?: string;
  scrub: boolean;
  backup: boolean;
}

/**
 * The plan: the idle check, then the compaction, planned exactly by a dry run of the compactor and
 * run by the same compactor (in place, or into `output`).
 */
export async function nativeSteps(ctx: PluginContext, target: Target, { output, scrub, backup }: NativeStepOptions): Promise<Step[]> {
  const planned = await ctx.disks.compact(target.path, { output, scrub, dryRun: true, signal: ctx.signal });
  const [idle, compaction] = nativePlan(target, planned);
  return [idle, {
    ...compaction,
    async run(step) {
      const r = await ctx.disks.compact(target.path, { output, scrub, backup, signal: step.signal, progress: step.progress });
      r.notes.forEach(step.note);
      if (r.mode === "copy") step.note(`wrote ${r.output}; verified ${r.verifiedBytes} bytes of used data against the source`);
      else step.note(`dropped ${r.droppedBlocks} blocks, moved ${r.movedBlocks}, kept ${r.keptBlocks}`);
      if (r.output) {
        step.keep(r.output);
        step.resultAt(r.output);
      }
      r.keptFiles.forEach(step.keep);
    },
  }];
}
