/**
 * The exact steps `--dry-run` shows for the native strategy, from a dry-run compaction report.
 * @module
 */
import { formatBytes } from "../../mod.ts";
import type { CompactReport, PlanStep, Target } from "../../mod.ts";

/**
 * The step that makes sure nothing holds the disk. The run stops nothing itself: on a running target
 * it refuses, so the plan says that and shows the command for the user to run first, not as a step
 * of its own (issue 14, defect 9: a dry run shows what really runs).
 */
export function stopStep(target: Target): PlanStep {
  if (target.running) {
    const name = target.distro ?? target.name;
    const how = target.distro ? `run wsl --terminate ${target.distro} (or quit Docker Desktop) first` : "quit what holds it first";
    return { description: `refuse: ${name} is running, so its disk is in use; ${how}`, changes: false };
  }
  return { description: `check that nothing holds ${target.path} (distro stopped, Docker Desktop quit)`, changes: false };
}

/** Steps of a compaction planned by `compactFile(…, { dryRun: true })`. */
export function compactionSteps(target: Target, r: CompactReport): PlanStep[] {
  const steps: PlanStep[] = [stopStep(target)];
  steps.push({ description: `read the ${r.filesystem.trusted ? `${r.filesystem.type} allocation map` : "disk (filesystem not understood: all-zero blocks only)"} of ${target.path}`, changes: false });
  if (r.mode === "copy") {
    steps.push({ description: `write ${r.keptBlocks} blocks to a new VHDX ${r.output} (${formatBytes(r.sizeAfter)}), dropping ${r.droppedBlocks}`, changes: true });
    steps.push({ description: `re-read ${r.output} and compare every used block with the source, then fsync`, changes: false });
    return steps;
  }
  const entries = r.droppedBlocks + r.movedBlocks;
  if (entries === 0 && r.sizeAfter >= r.sizeBefore) steps.push({ description: "nothing to reclaim: leave the file as it is", changes: false });
  if (r.droppedBlocks > 0) steps.push({ description: `drop ${r.droppedBlocks} blocks without used data (${formatBytes(r.droppedBlocks * r.blockSize)})`, changes: true });
  if (r.movedBlocks > 0) steps.push({ description: `move ${r.movedBlocks} blocks (${formatBytes(r.movedBytes)}) from the end of the file into the holes`, changes: true });
  if (entries > 0) steps.push({ description: `update ${entries} BAT entries through the VHDX log`, changes: true });
  if (r.sizeAfter < r.sizeBefore) steps.push({ description: `truncate from ${formatBytes(r.sizeBefore)} to ${formatBytes(r.sizeAfter)} (${r.sizeBefore} → ${r.sizeAfter} bytes)`, changes: true });
  return steps;
}

