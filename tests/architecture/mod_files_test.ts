/**
 * A folder's `mod.ts` only re-exports (docs/style.md): it holds no logic, so a reader who opens it
 * sees the folder's public names and where each one lives. The strategies are the exception
 * docs/style.md names: `plugins/mod.ts` lists the built-in ones, `plugins/<name>/mod.ts` is one
 * strategy's `definePlugin` object.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tsFilesUnder } from "./import_graph.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** The statements of `source` that are not a re-export (`export … from "…"`), comments removed. */
function nonReexports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return code.split(";").map((s) => s.replace(/\s+/g, " ").trim()).filter((s) => s !== "")
    .filter((s) => !/^export (type )?(\*|\{[^}]*\})( as \w+)? from ["'][^"']+["']$/.test(s));
}

test("every mod.ts of core/, cli/, simulated/ and the package root only re-exports", () => {
  const mods = ["core", "cli", "simulated"].flatMap((d) => tsFilesUnder(root, d)).filter((f) => f.endsWith("/mod.ts")).concat(["mod.ts"]);
  assert.ok(mods.length > 10, `found ${mods.length} mod.ts files`);
  const offenders = mods.map((f) => ({ file: f, statements: nonReexports(readFileSync(join(root, f), "utf8")) })).filter((o) => o.statements.length > 0);
  assert.deepEqual(offenders.map((o) => `${o.file}: ${o.statements[0].slice(0, 80)}`), []);
});

test("the re-export reader accepts re-exports and comments, and names anything else", () => {
  const source = [
    "/** A folder. @module */",
    'export * from "./a.ts";',
    'export { b, type C } from "./b.ts";',
    "// a note",
    'export type {\n  D,\n  E,\n} from "./d.ts";',
    'export * as f from "./f.ts";',
    'import { g } from "./g.ts";',
    "export const h = g + 1;",
  ].join("\n");
  assert.deepEqual(nonReexports(source), ['import { g } from "./g.ts"', "export const h = g + 1"]);
});
