/**
 * The report page's static parts, rendered as HTML text from the report's data: the VHDX's space
 * with "deleted but still in the VHDX", the Docker images table, the strategies with the
 * recommendation, the suggestions and the diff. Every value from the disk is escaped.
 * @module
 */
import { formatBytes, formatDuration } from "../format.ts";
import type { ReportData } from "../../core/report/report_data.ts";
import type { UsageChange } from "../../core/report/usage_diff.ts";

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const e = escapeHtml;
const b = (n: number) => e(formatBytes(n));
const pct = (part: number, whole: number) => whole > 0 ? `${(Math.max(0, part) / whole * 100).toFixed(3)}%` : "0%";

/** The VHDX file's bytes as one bar: the files, the filesystem's own blocks, deleted but still in the VHDX, the rest. */
export function spaceSection(d: ReportData): string {
  const v = d.vhdx;
  if (!v) return `<section id="space"><h2>The disk</h2><p>${b(d.totals.allocatedBytes)} in ${d.totals.files.toLocaleString("en-US")} files.</p></section>`;
  const live = d.totals.allocatedBytes;
  const meta = d.filesystemMetadataBytes ?? 0;
  const deleted = d.deletedButInVhdxBytes ?? 0;
  const other = Math.max(0, v.fileSize - live - meta - deleted);
  const seg = (cls: string, n: number, title: string) => `<div class="${cls}" style="width:${pct(n, v.fileSize)}" title="${e(title)}: ${b(n)}"></div>`;
  const deletedText = d.deletedButInVhdxBytes === null
    ? `<p>Not measured: ${e(v.nativeRefusal ?? "native compaction cannot read this disk")}</p>`
    : `<p><strong id="deleted-bytes" data-bytes="${deleted}">${b(deleted)}</strong> of the ${b(v.fileSize)} file hold no live data: blocks of deleted files and free space the VHDX never gave back. Native compaction would leave a file of ${b(v.nativeSizeAfter ?? v.fileSize)}.</p>`;
  return `<section id="space"><h2>The VHDX file: ${b(v.fileSize)}</h2>
<div class="space" role="img" aria-label="files ${b(live)}, filesystem metadata ${b(meta)}, deleted but still in the VHDX ${b(deleted)}">
${seg("seg-live", live, "files and folders")}${seg("seg-meta", meta, "the filesystem's own blocks")}${seg("seg-deleted", deleted, "deleted but still in the VHDX")}${seg("seg-other", other, "VHDX metadata and the rest")}</div>
<div class="legend"><span><i class="seg-live"></i>files and folders ${b(live)}</span><span><i class="seg-meta"></i>the filesystem's own blocks (journal, inode tables) ${b(meta)}</span><span><i class="seg-deleted"></i>deleted but still in the VHDX ${b(deleted)}</span></div>
<div class="deleted-block" id="deleted"><h3 style="margin:0">Deleted but still in the VHDX</h3>${deletedText}</div></section>`;
}

/** The Docker view: its treemap's frame and the images table (Docker's own SIZE / SHARED / UNIQUE). */
export function dockerSectionHtml(d: ReportData): string {
  if (!d.docker) return "";
  const rows = d.dockerImages.map((i) => `<tr><td>${e(i.name)}</td><td class="num">${b(i.size)}</td><td class="num">${b(i.sharedSize)}</td><td class="num">${b(i.uniqueSize)}</td><td class="num">${i.containers}</td></tr>`).join("\n");
  return `<section id="docker"><h2>Docker: ${b(d.docker.a)}</h2>
<p class="dim">Images (each one's own layers, and the layers several share), containers (writable layer and logs), volumes and build cache, in allocated bytes.</p>
<nav class="crumbs" id="docker-crumbs" aria-label="Docker treemap path"></nav>
<div class="treemap small" id="docker-map"></div>
${rows ? `<h3>Images</h3><table id="docker-images"><thead><tr><th>image</th><th class="num">size</th><th class="num">shared</th><th class="num">unique</th><th class="num">containers</th></tr></thead><tbody>${rows}</tbody></table>` : ""}
</section>`;
}

/** The strategies with this disk's numbers, the recommendation and the command that runs it. */
export function strategiesSection(d: ReportData): string {
  const s = d.strategies;
  if (!s) return "";
  const rows = s.rows.map((r) => {
    const est = (n: number | null) => n === null ? "-" : (r.exact ? "" : "~") + b(n);
    return `<tr data-strategy="${e(r.name)}"${r.name === s.recommended ? ' class="recommended"' : ""}><td>${e(r.name)}</td><td>${r.available ? "yes" : `no<span class="dim"> — ${e(r.reason ?? "")}</span>`}</td><td${r.keepsData ? "" : ' class="no"'}>${r.keepsData ? "yes" : "NO"}</td><td>${e(r.reliability)}</td><td class="num" data-bytes="${r.sizeAfter ?? ""}">${est(r.sizeAfter)}</td><td class="num" data-bytes="${r.reclaimable ?? ""}">${est(r.reclaimable)}</td><td class="num">${r.seconds === null ? "-" : e(formatDuration(r.seconds))}</td><td>${r.admin ? "yes" : "no"}</td></tr>`;
  }).join("\n");
  const rec = s.recommended
    ? `<p class="recommendation" id="recommendation">Recommended: <strong>${e(s.recommended)}</strong> — <code>${e(s.command ?? "")}</code></p>`
    : `<p class="recommendation" id="recommendation">No strategy to recommend: nothing to reclaim, or none that keeps the data is available here.</p>`;
  return `<section id="strategies"><h2>What each strategy would give back</h2>
<table id="strategies-table"><thead><tr><th>strategy</th><th>available</th><th>keeps data</th><th>reliability</th><th class="num">size after</th><th class="num">reclaimed</th><th class="num">time</th><th>admin</th></tr></thead><tbody>
${rows}</tbody></table>${rec}</section>`;
}

/** The suggestions, each marked as one: nothing here was or will be run by this tool. */
export function suggestionsSection(d: ReportData): string {
  if (d.suggestions.length === 0) return "";
  const items = d.suggestions.map((s) => `<div class="suggestion" data-id="${e(s.id)}"><span class="badge">suggestion — not run</span><strong>${e(s.title)}</strong> (up to ${b(s.bytes)})<br><span class="dim">${e(s.why)}</span>${s.command ? `<br><code>${e(s.command)}</code> <span class="dim">(${s.scope === "docker" ? "where docker works" : "inside the distro"})</span>` : ""}</div>`).join("\n");
  return `<section id="suggestions"><h2>Suggestions</h2><p class="dim">Clean-ups you may choose to run yourself; vhdx-shrink never runs them.</p>${items}</section>`;
}

/** What grew and shrank since the older usage document. */
export function diffSection(d: ReportData): string {
  if (!d.diff) return "";
  const table = (id: string, title: string, changes: UsageChange[]) => changes.length === 0 ? `<p>${e(title)}: no change.</p>` :
    `<h3>${e(title)}</h3><table id="${id}"><thead><tr><th></th><th class="num">before</th><th class="num">after</th><th class="num">change</th></tr></thead><tbody>${
      changes.map((c) => `<tr><td>${e(c.name)}</td><td class="num">${b(c.before)}</td><td class="num">${b(c.after)}</td><td class="num ${c.change > 0 ? "grew" : "shrank"}">${c.change > 0 ? "+" : ""}${b(c.change)}</td></tr>`).join("\n")
    }</tbody></table>`;
  return `<section id="diff"><h2>Since the earlier scan: ${b(d.diff.before)} → ${b(d.diff.after)}</h2>${table("diff-folders", "Folders", d.diff.folders)}${table("diff-images", "Docker images", d.diff.images)}</section>`;
}
