/**
 * What the optimize-vhd step's exit code says happened (script.ts OPTIMIZE_EXIT, and the elevated
 * relaunch's own codes from core/host/elevation_script.ts), and what really changed on the file:
 * clearing the sparse flag fills every hole (microsoft/WSL#11664, docs/windows-facts.md §6), and
 * setting it again does not give that space back, so the size on disk is measured and said.
 * @module
 */
import { ELEVATION_ABANDONED_EXIT_CODE, ELEVATION_CANCELLED_EXIT_CODE, ELEVATION_FAILED_EXIT_CODE, formatBytes, RefusedError } from "../../mod.ts";
import type { ExecResult, FileInfo } from "../../mod.ts";
import { OPTIMIZE_EXIT } from "./script.ts";

/**
 * One sentence on the sparse flag after the elevated step ran, from the file before and after;
 * empty when nothing about it changed.
 */
export function sparseChange(before: FileInfo, after: FileInfo | null): string {
  if (!after || !before.isSparse) return "";
  const grew = before.allocatedSize !== null && after.allocatedSize !== null ? after.allocatedSize - before.allocatedSize : null;
  const onDisk = after.allocatedSize === null ? "an unknown size on disk" : `${formatBytes(after.allocatedSize)} on disk`;
  if (!after.isSparse) return `the sparse flag was cleared (Optimize-VHD refuses sparse files); the file now takes ${onDisk}`;
  if (grew !== null && grew > 0) return `the sparse flag was cleared and set again, but the ${formatBytes(grew)} of holes it filled stay allocated (${onDisk})`;
  return "";
}

/**
 * Throws for every failure with the step that failed and what changed on the file (`changed`);
 * adds notes when it succeeded or only the detach failed.
 */
export function readOutcome(r: ExecResult, notes: string[], changed: string): void {
  const why = r.stderr.split("\n").map((l) => l.trim()).filter((l) => l.length > 0).slice(0, 2).join(" ");
  const detail = `exit ${r.code}${why ? `: ${why}` : ""}`;
  const state = changed ? `${changed}; the data is unchanged` : "the disk is unchanged";
  const E = OPTIMIZE_EXIT;
  switch (r.code) {
    case E.ok:
      if (changed) notes.push(changed);
      return;
    case E.detachFailed:
      if (changed) notes.push(changed);
      notes.push(`Optimize-VHD compacted the disk but Dismount-VHD failed (${detail})`);
      return;
    case ELEVATION_CANCELLED_EXIT_CODE:
      throw new RefusedError(`the administrator prompt (UAC) was declined, so Optimize-VHD did not run: ${state}; accept the prompt, or use the native strategy (no admin needed)`);
    case ELEVATION_ABANDONED_EXIT_CODE:
      throw new RefusedError(`nobody answered the administrator prompt (UAC) in time, so Optimize-VHD did not run and will not run if it is accepted now: ${state}; run again and accept it, or use the native strategy`);
    case ELEVATION_FAILED_EXIT_CODE:
      throw new RefusedError(`Windows did not start the elevated step (${detail}; an administrator policy may deny elevation requests): ${state}; ask an administrator, or use the native strategy (no admin needed)`);
    case E.notAFile:
    case E.notVhdx:
    case E.notSameFile: {
      const what = r.code === E.notAFile ? "a target that is not an existing regular file" : r.code === E.notVhdx ? "a file without the VHDX signature" : "another VHDX than the one checked just before";
      throw new RefusedError(`the elevated step refused ${what} (exit ${r.code}): ${state}; was it moved or replaced since it was chosen?`);
    }
    case E.sparseClearFailed:
      throw new RefusedError(`fsutil could not clear the sparse flag (${detail}): nothing was attached; ${state}; is the disk still in use?`);
    case E.mountFailed:
      throw new RefusedError(`Mount-VHD failed (${detail}): nothing was attached or compacted and ${state}; try the diskpart or native strategy`);
    case E.optimizeFailed:
    case E.optimizeAndDetachFailed:
      throw new RefusedError(`Optimize-VHD failed (${detail}); the disk was only read and is detached again; try the diskpart or native strategy${changed ? ` (${changed}; the data is unchanged)` : ""}`);
    default:
      throw new RefusedError(`PowerShell failed before Optimize-VHD could run (${detail}); ${state}; try the diskpart or native strategy`);
  }
}
