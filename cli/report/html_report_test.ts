import { test } from "node:test";
import assert from "node:assert/strict";
import { renderReportHtml } from "./html_report.ts";
import type { ReportData } from "../../core/report/report_data.ts";

function data(over: Partial<ReportData> = {}): ReportData {
  return {
    format: "vhdx-shrink-report", tool: "0.0.0", generatedAt: "2026-01-01T00:00:00.000Z",
    target: { name: "Ubuntu", path: "C:\\wsl\\ext4.vhdx" },
    totals: { allocatedBytes: 4096, apparentBytes: 100, files: 1, dirs: 1 },
    vhdx: null, deletedButInVhdxBytes: null, filesystemMetadataBytes: null,
    tree: { n: "/", a: 4096, p: 100, f: 1, k: "dir", c: [{ n: "x", a: 4096, p: 100, f: 1, k: "file" }] },
    docker: null, dockerImages: [], suggestions: [], strategies: null, diff: null, usage: {},
    ...over,
  };
}

test("a name holding </script> or markup cannot end the data or add an element", () => {
  const evil = "</script><img src=x onerror=alert(1)>";
  const html = renderReportHtml(data({ target: { name: evil, path: evil }, tree: { n: "/", a: 1, p: 1, f: 1, k: "dir", c: [{ n: evil, a: 1, p: 1, f: 1, k: "file" }] } }));
  assert.equal(html.split("</script>").length - 1, 3); // the ends of the data, the unit names and the script only
  assert.doesNotMatch(html, /<img/);
  const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)![1];
  assert.equal(JSON.parse(json).tree.c[0].n, evil);
});

test("the page asks for nothing outside itself: a CSP of default-src 'none', no src or href", () => {
  const html = renderReportHtml(data());
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  assert.doesNotMatch(html, /\ssrc=|\shref=/);
});

test("suggestions are each marked as a suggestion that is not run, with their command", () => {
  const html = renderReportHtml(data({ suggestions: [{ kind: "suggestion", id: "docker-builder-prune", title: "Build cache", command: "docker builder prune", bytes: 200 * 1024 * 1024, why: "BuildKit keeps it", scope: "docker" }] }));
  const block = /<div class="suggestion" data-id="docker-builder-prune">[\s\S]*?<\/div>/.exec(html)![0];
  assert.match(block, /suggestion — not run/);
  assert.match(block, /<code>docker builder prune<\/code>/);
  assert.match(block, /200\.0 MiB/);
});
