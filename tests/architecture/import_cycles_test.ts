/**
 * No loops between the top-level folders of core/: each folder is a layer, and a loop would mean
 * two layers that can only be understood (and moved) together. And no loop between any two files
 * of the product (core/, cli/, plugins/, simulated/, mod.ts): a file is read after what it imports.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { findCycle, type ImportEdge, importEdges, importSpecifiers, staticImportSpecifiers, tsFilesUnder } from "./import_graph.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** `core/compact/x.ts` → `compact`; `core/errors.ts` → `errors.ts`; outside core → null. */
function coreUnit(path: string): string | null {
  const parts = path.split("/");
  return parts[0] === "core" && parts.length >= 2 ? parts[1] : null;
}

function folderGraph(edges: ImportEdge[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const a = coreUnit(from), b = coreUnit(to);
    if (!a || !b || a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)!.add(b);
  }
  return graph;
}

/** Which files make each folder-level edge of `cycle`, for a message that says what to change. */
function explain(cycle: string[], edges: ImportEdge[]): string {
  return cycle.slice(1).map((b, i) => {
    const a = cycle[i];
    const files = edges.filter((e) => coreUnit(e.from) === a && coreUnit(e.to) === b).map((e) => `${e.from} → ${e.to}`);
    return `${a} → ${b} (${files.slice(0, 3).join(", ")}${files.length > 3 ? ", …" : ""})`;
  }).join("; ");
}

test("no import cycle links two top-level folders of core/", () => {
  const edges = importEdges(root, tsFilesUnder(root, "core"));
  assert.ok(edges.length > 100, `read ${edges.length} imports; the reader found too few to be reading core/`);
  const cycle = findCycle(folderGraph(edges));
  assert.equal(cycle, null, cycle ? `folder cycle ${cycle.join(" → ")}: ${explain(cycle, edges)}` : "");
});

/** The product's source files: what ships, and the simulated Windows the demo and the tests run on. */
const productFiles = () => ["core", "cli", "plugins", "simulated"].flatMap((d) => tsFilesUnder(root, d)).concat(["mod.ts"]);

/** Adjacency sets of `edges`, file to file. */
function fileGraph(edges: ImportEdge[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)!.add(to);
  }
  return graph;
}

test("no import cycle links two files of the product, import() included", () => {
  const edges = importEdges(root, productFiles());
  assert.ok(edges.length > 500, `read ${edges.length} imports; the reader found too few to be reading the product`);
  const cycle = findCycle(fileGraph(edges));
  assert.equal(cycle, null, cycle ? `file cycle ${cycle.join(" → ")}` : "");
});

test("the CLI loads the simulated Windows only on demand (the demo), never with the program", () => {
  const cli = tsFilesUnder(root, "cli").filter((f) => !f.endsWith("_test.ts"));
  const edges = importEdges(root, cli, staticImportSpecifiers);
  assert.deepEqual(edges.filter((e) => e.to.startsWith("simulated/")), []);
  const lazy = importEdges(root, cli).filter((e) => e.to.startsWith("simulated/"));
  assert.deepEqual(lazy.map((e) => e.from), ["cli/commands/demo.ts"], "the demo is where the simulated Windows is loaded");
});

test("the static reader sees imports, re-exports and side-effect imports, and leaves import() out", () => {
  const source = ['import type { A } from "../a/a.ts";', 'export * from "./b.ts";', 'import "./side.ts";', 'const c = await import("../c/c.ts");', 'import { z } from "zod";'].join("\n");
  assert.deepEqual(staticImportSpecifiers(source), ["../a/a.ts", "./b.ts", "./side.ts"]);
});

test("the compaction engine reaches neither the host, the plugin contract nor the strategies", () => {
  const edges = importEdges(root, tsFilesUnder(root, "core/compact"));
  const outward = edges.filter((e) => /^(core\/(host|plugin)|plugins|cli)\//.test(e.to));
  assert.deepEqual(outward, []);
});

test("the compactor reaches the disk format through one adapter file and names no filesystem", () => {
  const engine = tsFilesUnder(root, "core/compact").filter((f) => !f.endsWith("_test.ts"));
  const edges = importEdges(root, engine);
  const formatFiles = [...new Set(edges.filter((e) => e.to.startsWith("core/vhdx/")).map((e) => e.from))];
  assert.deepEqual(formatFiles, ["core/compact/image_format.ts"]);
  assert.deepEqual(edges.filter((e) => e.to.startsWith("core/ext4/")), []);
});

test("the cycle finder reports the loop host → compact → plugin → host", () => {
  const graph = new Map([
    ["host", new Set(["compact", "io"])],
    ["compact", new Set(["plugin", "vhdx"])],
    ["plugin", new Set(["host"])],
    ["vhdx", new Set(["io"])],
  ]);
  assert.deepEqual(findCycle(graph), ["compact", "plugin", "host", "compact"]);
});

test("the cycle finder accepts a layered graph", () => {
  const graph = new Map([["cli", new Set(["plugin", "host"])], ["plugin", new Set(["host", "domain"])], ["host", new Set(["io"])]]);
  assert.equal(findCycle(graph), null);
});

test("the import reader sees imports, re-exports, side-effect and dynamic imports but not packages", () => {
  const source = [
    'import type { A } from "../a/a.ts";',
    'export { b } from "./b.ts";',
    'import "./side.ts";',
    'const c = await import("../c/c.ts");',
    'import { z } from "zod";',
    'import { join } from "node:path";',
  ].join("\n");
  assert.deepEqual(importSpecifiers(source), ["../a/a.ts", "./b.ts", "./side.ts", "../c/c.ts"]);
});
