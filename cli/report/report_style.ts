/**
 * The report page's stylesheet, inlined into the one HTML file (system fonts only: nothing is
 * fetched).
 * @module
 */

/** The CSS, as it goes between `<style>` tags. */
export const REPORT_STYLE = `
:root { color-scheme: light; --ink: #1d2330; --dim: #5b6475; --line: #d9dde5; --deleted: #c0392b; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1280px; padding: 16px 24px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
h1 { font-size: 22px; margin: 8px 0 2px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.path, .dim { color: var(--dim); } code { font: 13px ui-monospace, Consolas, monospace; background: #f1f3f7; padding: 1px 4px; border-radius: 3px; }
.space { display: flex; height: 34px; border: 1px solid var(--line); border-radius: 4px; overflow: hidden; }
.space > div { height: 100%; min-width: 2px; }
.seg-live { background: hsl(210,55%,62%); } .seg-meta { background: hsl(210,15%,75%); }
.seg-deleted { background: repeating-linear-gradient(45deg, var(--deleted), var(--deleted) 6px, #e07a6f 6px, #e07a6f 12px); }
.seg-other { background: #eceff4; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 20px; margin: 6px 0; } .legend i { display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: -1px; border-radius: 2px; }
.deleted-block { border: 2px solid var(--deleted); border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
.deleted-block strong { color: var(--deleted); font-size: 18px; }
.crumbs { display: flex; flex-wrap: wrap; align-items: center; gap: 2px; margin: 6px 0; }
.crumb { font: inherit; border: 1px solid var(--line); background: #f6f7fa; border-radius: 3px; padding: 1px 8px; cursor: pointer; }
.crumb + .crumb::before { content: ""; } .crumb[aria-current] { font-weight: 600; background: #fff; }
.crumb-size { margin-left: 12px; color: var(--dim); }
.treemap { position: relative; width: 100%; height: 62vh; min-height: 360px; border: 1px solid var(--line); overflow: hidden; }
.treemap.small { height: 40vh; min-height: 260px; }
.tile, .sub { position: absolute; overflow: hidden; box-shadow: inset 0 0 0 1px rgba(255,255,255,.9); }
.tile { cursor: default; } .tile.has-children { cursor: zoom-in; }
.tile:focus { outline: 3px solid #1d2330; outline-offset: -3px; z-index: 2; }
.tile:hover { filter: brightness(1.07); }
.label { position: absolute; left: 4px; top: 1px; right: 4px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; font-size: 12px; pointer-events: none; }
.small-label { font-size: 10px; top: 0; left: 2px; opacity: .85; }
.kind-files, .kind-dirs { background-image: repeating-linear-gradient(135deg, rgba(255,255,255,.25) 0 4px, transparent 4px 8px); }
#tip { position: absolute; z-index: 10; background: #1d2330; color: #fff; padding: 6px 9px; border-radius: 4px; font-size: 12px; pointer-events: none; max-width: 520px; }
.tip-path { font-weight: 600; word-break: break-all; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.recommended { background: #eaf6ec; font-weight: 600; } .no { color: var(--deleted); }
.grew { color: var(--deleted); } .shrank { color: #23803a; }
.suggestion { border-left: 4px solid #e0a800; padding: 4px 10px; margin: 8px 0; background: #fffaf0; }
.badge { display: inline-block; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; background: #e0a800; color: #1d2330; border-radius: 3px; padding: 0 5px; margin-right: 6px; }
.recommendation { font-size: 15px; margin: 10px 0; }
footer { margin-top: 36px; color: var(--dim); font-size: 12px; }
`;
