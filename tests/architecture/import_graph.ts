/**
 * Reads the project's import graph from source text: every relative `import … from`, `export … from`,
 * side-effect `import "…"` and literal `import("…")`. Architecture tests check folder rules on it.
 * @module
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";

/** One import of one file, both as repository-relative paths with `/` separators. */
export interface ImportEdge {
  from: string;
  to: string;
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)["'](\.{1,2}\/[^"']+)["']/g;

/**
 * The relative specifiers a source text imports or re-exports.
 * @example
 * importSpecifiers('import { a } from "./a.ts";\nexport * from "../b/mod.ts";'); // ["./a.ts", "../b/mod.ts"]
 */
export function importSpecifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((m) => m[1]);
}

const STATIC_SPECIFIER = /\b(?:from\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g;

/**
 * The relative specifiers a source text loads when it is loaded: `import … from`, `export … from` and
 * side-effect `import "…"`, not an `import("…")`, which loads on demand.
 * @example
 * staticImportSpecifiers('import { a } from "./a.ts";\nconst b = await import("./b.ts");'); // ["./a.ts"]
 */
export function staticImportSpecifiers(source: string): string[] {
  return [...source.matchAll(STATIC_SPECIFIER)].map((m) => m[1]);
}

/** Every `.ts` file under `dir` (repository-relative, `/` separators), sorted. */
export function tsFilesUnder(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const child = rel + "/" + name;
      if (statSync(join(root, child)).isDirectory()) walk(child);
      else if (name.endsWith(".ts")) out.push(child);
    }
  };
  walk(dir);
  return out;
}

/**
 * The import edges of `files`, resolved against each file's folder; with `reader`
 * {@link staticImportSpecifiers}, only the imports that load with the file.
 */
export function importEdges(root: string, files: string[], reader: (source: string) => string[] = importSpecifiers): ImportEdge[] {
  return files.flatMap((from) =>
    reader(readFileSync(join(root, from), "utf8")).map((spec) => ({
      from,
      to: relative(root, normalize(join(root, dirname(from), spec))).split(sep).join("/"),
    }))
  );
}

/**
 * The first cycle in a directed graph given as adjacency sets, as a node list that starts and ends
 * on the same node; null when the graph has none.
 * @example
 * findCycle(new Map([["a", new Set(["b"])], ["b", new Set(["a"])]])); // ["a", "b", "a"]
 */
export function findCycle(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] | null {
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (node: string): string[] | null => {
    if (onPath.has(node)) return [...path.slice(path.indexOf(node)), node];
    if (done.has(node)) return null;
    path.push(node);
    onPath.add(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(node);
    done.add(node);
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}
