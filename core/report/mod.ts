/**
 * The HTML report's data: the treemap's tree of a usage scan (small things aggregated), the Docker
 * view as tiles, the strategies and suggestions, and the diff of two usage documents. The CLI turns
 * it into the one self-contained page (cli/report/).
 * @module
 */
export { reportTree } from "./report_node.ts";
export type { ReportNode, ReportTreeOptions } from "./report_node.ts";
export { dockerTiles } from "./docker_tiles.ts";
export { REPORT_FORMAT, reportData } from "./report_data.ts";
export type { ReportData, ReportInput, ReportStrategies, ReportStrategy } from "./report_data.ts";
export { usageDiff } from "./usage_diff.ts";
export type { UsageChange, UsageDiff, UsageDoc } from "./usage_diff.ts";
