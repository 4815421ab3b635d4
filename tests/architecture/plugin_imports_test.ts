// The built-in strategies are written exactly as a third-party one: every import of a non-test
// file under plugins/ is the public API (mod.ts) or a file of plugins/ itself. No core/ module, no
// package (zod arrives as ctx.zod), no node: built-in (the host arrives as ctx.host). Test files
// (`*_test.ts`) are exempt: they build fixtures and contexts the way the test suites do.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { tsFilesUnder } from "./import_graph.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The specifiers of `import … from` / `export … from` statements, `import "…"` and `import("…")`. */
const SPECIFIERS = [
  /^\s*(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']/gm,
  /^\s*import\s*["']([^"']+)["']/gm,
  /(?<![.\w])import\(\s*["']([^"']+)["']/g,
];

/** Every module specifier `source` imports or re-exports. */
export function specifiersOf(source: string): string[] {
  return SPECIFIERS.flatMap((re) => [...source.matchAll(re)].map((m) => m[1]));
}

/** Why `spec`, imported by `file`, breaks the rule; null when it is allowed. */
export function forbidden(file: string, spec: string): string | null {
  if (!spec.startsWith(".")) return `${file} imports "${spec}": a strategy gets packages and the host from its context`;
  const to = relative(ROOT, normalize(join(ROOT, dirname(file), spec))).split(sep).join("/");
  if (to === "mod.ts" || to.startsWith("plugins/")) return null;
  return `${file} imports ${to}: use mod.ts's public API or a context service instead`;
}

test("the import rule allows mod.ts and plugin files and refuses core modules, packages and built-ins", () => {
  assert.equal(forbidden("plugins/a/mod.ts", "../../mod.ts"), null);
  assert.equal(forbidden("plugins/a/mod.ts", "./script.ts"), null);
  assert.equal(forbidden("plugins/mod.ts", "../mod.ts"), null);
  assert.match(forbidden("plugins/a/mod.ts", "../../core/wsl/quiesce.ts")!, /core\/wsl\/quiesce\.ts/);
  assert.match(forbidden("plugins/a/mod.ts", "zod")!, /"zod"/);
  assert.match(forbidden("plugins/a/mod.ts", "node:fs")!, /"node:fs"/);
});

test("import statements are read, and strings that merely contain the word import are not", () => {
  const source = 'import { a } from "../../core/x.ts";\nimport type {\n  B,\n} from "./b.ts";\nexport * from "zod";\nconst c = ctx.wsl.commands.import("d", "e", "f");\nconst name = "export-import";\nawait import("node:fs");\n';
  assert.deepEqual(specifiersOf(source), ["../../core/x.ts", "./b.ts", "zod", "node:fs"]);
});

test("built-in plugins import nothing but mod.ts and their own files", () => {
  const files = tsFilesUnder(ROOT, "plugins").filter((f) => !f.endsWith("_test.ts"));
  assert.ok(files.length >= 6, "the plugin files were found");
  const broken = files.flatMap((f) => specifiersOf(readFileSync(join(ROOT, f), "utf8")).map((spec) => forbidden(f, spec))).filter((x) => x !== null);
  assert.deepEqual(broken, []);
});
