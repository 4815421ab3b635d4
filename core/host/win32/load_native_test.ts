import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadNative } from "./load_native.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".") || name === "dist" || name === "lib") continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.(ts|mts|mjs|js)$/.test(name) && !name.endsWith("_test.ts")) out.push(p);
  }
  return out;
}

test("koffi is named by one module only, and imported there dynamically (so hosts other than Windows never load it)", () => {
  const naming = sources(ROOT).filter((p) => /["']koffi["']/.test(readFileSync(p, "utf8"))).map((p) => p.slice(ROOT.length));
  assert.deepEqual(naming, ["core/host/win32/load_native.ts"]);
  const text = readFileSync(join(ROOT, "core/host/win32/load_native.ts"), "utf8");
  assert.doesNotMatch(text, /^import[^;]*["']koffi["']/m, "no static import");
  assert.match(text, /const name = "koffi";\s*const mod = await import\(name\)/);
});

test("off Windows the Windows API does not load, and says so instead of answering", async () => {
  await assert.rejects(loadNative(), (e: Error) => e.message.length > 0);
});
