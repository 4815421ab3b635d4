/**
 * The short "what fills it" section `compare --usage` prints under a disk's strategies: the biggest
 * top-level folders inside the filesystem, read from the VHDX.
 * @module
 */
import type { Host } from "../core/host/host.ts";
import { UserFacingError } from "../core/errors.ts";
import { openDiskTree } from "../core/usage/disk_tree.ts";
import { scanUsage } from "../core/usage/scan_usage.ts";
import type { UsageScan } from "../core/usage/scan_usage.ts";
import { sortedChildren } from "../core/usage/usage_report.ts";
import { treeLines } from "./usage_view.ts";
import type { Style } from "./format.ts";

/** The biggest folders of one disk, or why they could not be read. */
export interface TopConsumers {
  allocatedBytes: number;
  top: { path: string; allocatedBytes: number; apparentBytes: number }[];
  /** Present when the filesystem could not be read (one line). */
  error?: string;
  scan?: UsageScan;
}

/** Scans the disk at `path` and keeps its `n` biggest top-level folders. */
export async function topConsumers(host: Host, path: string, n: number): Promise<TopConsumers> {
  try {
    const tree = await openDiskTree(host, path);
    try {
      const scan = await scanUsage(tree, { topFiles: 0 });
      const top = sortedChildren(scan.root).slice(0, n).map((d) => ({ path: d.path, allocatedBytes: d.allocatedBytes, apparentBytes: d.apparentBytes }));
      return { allocatedBytes: scan.root.allocatedBytes, top, scan };
    } finally {
      await tree.close();
    }
  } catch (e) {
    if (!(e instanceof UserFacingError)) throw e;
    return { allocatedBytes: 0, top: [], error: e.message };
  }
}

/** The section's lines: a one-level tree with bars, or the reason it is missing. */
export function topConsumerLines(t: TopConsumers, n: number, style: Style, width: number): string[] {
  if (!t.scan) return [style.yellow(`  what fills it: ${t.error}`)];
  return ["  What fills it (vhdx-shrink usage for more):", ...treeLines(t.scan, { depth: 1, top: n, style, width }).map((l) => "  " + l)];
}
