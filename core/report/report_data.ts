/**
 * Everything the HTML report shows about one disk, as one JSON-able value: the treemap's tree, the
 * VHDX's sizes with "deleted but still in the VHDX", the Docker view, the strategies with this
 * disk's numbers and the recommendation, the suggestions (never run), a diff when given, and the
 * `usage --json` document itself (so a saved report can be the old side of `usage --diff`).
 * @module
 */
import type { UsageReport } from "../usage/usage_report.ts";
import type { UsageScan } from "../usage/scan_usage.ts";
import type { DockerUsage } from "../usage/docker_store/scan_docker.ts";
import type { Suggestion } from "../usage/suggestion.ts";
import type { StrategyRow } from "../plugin/strategy_rows.ts";
import { type ReportNode, reportTree, type ReportTreeOptions } from "./report_node.ts";
import { dockerTiles } from "./docker_tiles.ts";
import type { UsageDiff } from "./usage_diff.ts";

/** Marks a report's data (and tells `usage --diff` it was given one). */
export const REPORT_FORMAT = "vhdx-shrink-report";

/** One strategy's row as the report's table shows it. */
export interface ReportStrategy {
  name: string;
  available: boolean;
  reason: string | null;
  keepsData: boolean;
  reliability: string;
  admin: boolean;
  sizeAfter: number | null;
  reclaimable: number | null;
  exact: boolean;
  seconds: number | null;
}

/** The strategies part: the rows, the recommendation and the command that runs it. */
export interface ReportStrategies {
  rows: ReportStrategy[];
  recommended: string | null;
  command: string | null;
}

/** The report's data. */
export interface ReportData {
  format: typeof REPORT_FORMAT;
  tool: string;
  generatedAt: string;
  target: { name: string; path: string };
  totals: { allocatedBytes: number; apparentBytes: number; files: number; dirs: number };
  vhdx: { fileSize: number; filesystemUsedBytes: number; filesystemTotalBytes: number; nativeSizeAfter: number | null; nativeRefusal?: string } | null;
  deletedButInVhdxBytes: number | null;
  filesystemMetadataBytes: number | null;
  tree: ReportNode;
  docker: ReportNode | null;
  dockerImages: { name: string; size: number; sharedSize: number; uniqueSize: number; containers: number }[];
  suggestions: Suggestion[];
  strategies: ReportStrategies | null;
  diff: UsageDiff | null;
  /** The `usage --json` document of this disk. */
  usage: Record<string, unknown>;
}

/** What {@link reportData} is built from. */
export interface ReportInput {
  tool: string;
  target: { name: string; path: string };
  scan: UsageScan;
  report: UsageReport;
  docker: DockerUsage | null;
  suggestions: Suggestion[];
  /** The `usage --json` document of this disk. */
  usage: Record<string, unknown>;
  strategies?: { rows: StrategyRow[]; recommended: string | null; command: string | null };
  diff?: UsageDiff;
  now?: Date;
  tree?: ReportTreeOptions;
}

/**
 * Builds the report's data.
 * @example
 * const data = reportData({ tool: VERSION, target, scan, report, docker: null, suggestions: [], usage: doc });
 */
export function reportData(input: ReportInput): ReportData {
  const { report, docker } = input;
  return {
    format: REPORT_FORMAT,
    tool: input.tool,
    generatedAt: (input.now ?? new Date()).toISOString(),
    target: input.target,
    totals: { allocatedBytes: report.allocatedBytes, apparentBytes: report.apparentBytes, files: report.files, dirs: report.dirs },
    vhdx: report.vhdx ?? null,
    deletedButInVhdxBytes: report.deletedButInVhdxBytes,
    filesystemMetadataBytes: report.filesystemMetadataBytes,
    tree: reportTree(input.scan, input.tree),
    docker: docker ? dockerTiles(docker) : null,
    // Both stores' images, with `docker system df -v`'s columns (the containerd store's count content and unpacked snapshots).
    dockerImages: [...(docker?.classic ?? []), ...(docker?.containerd ?? [])].flatMap((s) => s.images.map((i) => ({ name: i.name, size: i.size, sharedSize: i.sharedSize, uniqueSize: i.uniqueSize, containers: i.containers }))),
    suggestions: input.suggestions,
    strategies: input.strategies ? { ...input.strategies, rows: input.strategies.rows.map(strategyOf) } : null,
    diff: input.diff ?? null,
    usage: input.usage,
  };
}

function strategyOf(r: StrategyRow): ReportStrategy {
  const e = r.estimate;
  return {
    name: r.name, available: r.available, reason: r.reason ?? null, keepsData: r.dataPreservation === "full",
    reliability: r.reliability, admin: r.admin,
    sizeAfter: e?.sizeAfter ?? null, reclaimable: e?.reclaimable ?? null, exact: e?.exact ?? false, seconds: e?.seconds ?? null,
  };
}
