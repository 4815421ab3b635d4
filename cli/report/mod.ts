/**
 * The HTML report of a disk (one self-contained page with a treemap) and the text of `usage --diff`.
 * @module
 */
export { renderReportHtml, scriptJson } from "./html_report.ts";
export { checkReportFile, reportStrategies, writeHtmlReport } from "./report_file.ts";
export { diffLines, readUsageDoc } from "./diff_input.ts";
export { escapeHtml } from "./report_sections.ts";
export { checkReportFlags, diffOnly, reportOutputs } from "./usage_report_outputs.ts";
export type { ReportFlags, ScannedDisk } from "./usage_report_outputs.ts";
export { writeTargetReport } from "./target_report.ts";
