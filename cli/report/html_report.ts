/**
 * The HTML report: ONE self-contained file (its style, script and data inline; a Content Security
 * Policy that allows no request at all), so it opens from file:// and as an e-mail attachment.
 * @module
 */
import type { ReportData } from "../../core/report/report_data.ts";
import { formatBytes } from "../format.ts";
import { REPORT_SCRIPT } from "./report_script.ts";
import { REPORT_STYLE } from "./report_style.ts";
import { diffSection, dockerSectionHtml, escapeHtml, spaceSection, strategiesSection, suggestionsSection } from "./report_sections.ts";

/** The unit names the CLI prints (B, then each power of 1024), so the page's sizes read the same. */
const UNIT_NAMES = [0, 1, 2, 3, 4, 5].map((i) => formatBytes(1024 ** i).split(" ")[1]);

/** No request leaves the page: only the inline style and script run, images only from data: URLs. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/**
 * JSON that is safe inside a `<script>` element: `<` is escaped so no `</script>` in a file name
 * can end it (U+2028/9 too, for older parsers).
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * The report page.
 * @example
 * await writeFile("report.html", renderReportHtml(reportData({ ... })));
 */
export function renderReportHtml(d: ReportData): string {
  const e = escapeHtml;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>What fills ${e(d.target.name)} — vhdx-shrink</title>
<style>${REPORT_STYLE}</style></head>
<body>
<header><h1>What fills ${e(d.target.name)}</h1><div class="path">${e(d.target.path)}</div></header>
${spaceSection(d)}
<section id="files"><h2>Folders and files</h2>
<p class="dim">Each rectangle's area is the blocks it holds (allocated bytes). Click a folder, or Tab to it and press Enter, to open it; the path above or Backspace goes back. Hatched tiles are many small files or folders together.</p>
<nav class="crumbs" id="crumbs" aria-label="folder path"></nav>
<div class="treemap" id="map"></div></section>
${dockerSectionHtml(d)}
${strategiesSection(d)}
${suggestionsSection(d)}
${diffSection(d)}
<footer>Made by vhdx-shrink ${e(d.tool)} on ${e(d.generatedAt)}, read-only. This file needs no network.</footer>
<div id="tip" role="tooltip" hidden></div>
<script type="application/json" id="report-data">${scriptJson(d)}</script>
<script type="application/json" id="report-units">${scriptJson(UNIT_NAMES)}</script>
<script>${REPORT_SCRIPT}</script>
</body></html>
`;
}
