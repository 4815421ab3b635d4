/**
 * A plugin author's path through the npm package as installed: `npm pack`, installed offline into an
 * empty project (packaging/npm_consumer.ts), then plugins written the two documented ways — a
 * factory receiving the plugin API, and a module importing from "vhdx-shrink" — in JavaScript and in
 * TypeScript. The installed CLI (lib/cli.js) holds its own copy of the error classes and the plugin
 * imports lib/mod.js's, so a refusal must be recognised across the copies.
 * @module
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { installTarball, NPM_ENV, packRepository } from "../../packaging/npm_consumer.ts";
import { mustRun, withTempDir } from "../support/tools.ts";
import { REPO_ROOT } from "./schema_validator.ts";

const NOT_NODE = "Deno" in globalThis || "Bun" in globalThis ? "the npm package is for Node: tested by the Node suite" : false;
const TSC = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

const METADATA = `{ reliability: "high", dataPreservation: "full", complexity: "low",
    requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["disk"] } }`;

/** The import form: what the published types advertise. */
const IMPORT_FORM = `import { definePlugin, RefusedError, z } from "vhdx-shrink";
export default definePlugin({
  name: "imported", apiVersion: 1, description: "refuses, in the import form",
  metadata: ${METADATA},
  options: z.object({ dest: z.string().describe("where to").meta({ value: "dir" }) }),
  probe: async () => ({ available: true }),
  estimate: async () => ({ sizeAfter: 0, reclaimable: 0, tempSpace: 0, seconds: 1, exact: true }),
  plan: async (ctx) => { throw new RefusedError("imported: " + ctx.options.dest + " is on a network share; give a local folder"); },
});
`;

/** The factory form: what a plugin loaded by the .exe (no node_modules) writes. */
const FACTORY_FORM = `export default (api) => api.definePlugin({
  name: "factored", apiVersion: api.apiVersion, description: "refuses, in the factory form",
  metadata: ${METADATA},
  probe: async () => ({ available: true }),
  estimate: async () => ({ sizeAfter: 0, reclaimable: 0, tempSpace: 0, seconds: 1, exact: true }),
  plan: async () => { throw new api.errors.RefusedError("factored: this disk is encrypted; decrypt it first"); },
});
`;

/** Both forms in TypeScript: options typed from the schema (z.infer in a factory too), ctx.run apart. */
const TYPESCRIPT = `import { definePlugin, RefusedError, z } from "vhdx-shrink";
import type { PluginApi, PluginContext, Target } from "vhdx-shrink";

const schema = z.object({ dest: z.string().describe("folder"), passes: z.number().default(1) });

export const imported = definePlugin({
  name: "typed-import", apiVersion: 1, description: "typed", options: schema,
  metadata: { reliability: "high", dataPreservation: "full", complexity: "low",
    requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["disk"] } },
  probe: async (ctx) => {
    const dest: string = ctx.options.dest;
    const passes: number = ctx.options.passes;
    const yes: boolean | undefined = ctx.run.yes;
    // @ts-expect-error: the run's settings are not the strategy's options
    ctx.options.yes;
    // @ts-expect-error: an option the schema does not declare
    ctx.options.nope;
    return { available: dest.length > 0 && passes > 0 && yes !== false };
  },
  estimate: async (ctx: PluginContext<z.infer<typeof schema>>, target: Target) => ({ sizeAfter: 0, reclaimable: 0, tempSpace: 0, seconds: ctx.options.passes, exact: target.path !== "" }),
  plan: async () => { throw new RefusedError("typed-import refuses"); },
});

export default (api: PluginApi) => {
  const options = api.zod.object({ level: api.zod.number().default(3) });
  type Options = z.infer<typeof options>;
  const effort = (o: Options): number => o.level * 2;
  return api.definePlugin({
    name: "typed-factory", apiVersion: api.apiVersion, description: "typed factory", options,
    metadata: imported.metadata,
    probe: async (ctx) => ({ available: effort(ctx.options) > 0 }),
    estimate: async () => ({ sizeAfter: 0, reclaimable: 0, tempSpace: 0, seconds: 1, exact: true }),
    plan: async () => { throw new api.errors.RefusedError("typed-factory: refused by its own TypeScript"); },
  });
};
`;

test("a plugin author's path through the installed package: both forms refuse with their own line and exit 1, TypeScript type-checks with no extra packages, the guide and examples ship", { skip: NOT_NODE, timeout: 300_000 }, async () => {
  await withTempDir(async (dir) => {
    const { tarball, files } = packRepository(REPO_ROOT, dir);
    assert.ok(files.includes("docs/plugins.md"), `the guide ships: ${files.join(" ")}`);
    assert.ok(files.includes("examples/noop-strategy.mjs") && files.includes("examples/zero-fill-strategy.mjs"), files.join(" "));
    const project = join(dir, "project");
    await installTarball(REPO_ROOT, tarball, project);
    const pkg = join(project, "node_modules", "vhdx-shrink");
    // Every file the guide names is in the package.
    const guide = readFileSync(join(pkg, "docs", "plugins.md"), "utf8");
    for (const [, file] of guide.matchAll(/\]\((\.\.\/examples\/[^)]+)\)/g)) assert.ok(existsSync(join(pkg, "docs", file)), `docs/plugins.md links ${file}`);
    assert.equal(existsSync(join(project, "node_modules", "@types", "node")), false, "the project has no @types/node");

    const disk = join(project, "disk.vhdx");
    // A real (empty) VHDX: every command refuses a file that is not one before a strategy sees it.
    mustRun("qemu-img", ["create", "-q", "-f", "vhdx", disk, "8M"]);
    const cli = (args: string[]) => spawnSync("npx", ["--no-install", "vhdx-shrink", ...args], { cwd: project, env: NPM_ENV, encoding: "utf8" });
    const refusal = (plugin: string, strategy: string, extra: string[] = []) => {
      const r = cli(["--plugin", plugin, "--strategy", strategy, "--target", disk, "--dry-run", "--no-color", ...extra]);
      return { code: r.status, stderr: r.stderr };
    };

    await writeFile(join(project, "imported.mjs"), IMPORT_FORM);
    await writeFile(join(project, "factored.mjs"), FACTORY_FORM);
    assert.deepEqual(refusal("imported.mjs", "imported", ["--dest", "//server/share"]), { code: 1, stderr: "error: imported: //server/share is on a network share; give a local folder\n" });
    assert.deepEqual(refusal("factored.mjs", "factored"), { code: 1, stderr: "error: factored: this disk is encrypted; decrypt it first\n" });
    const missing = refusal("imported.mjs", "imported");
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: imported needs --dest <dir> \(where to\)\n$/);

    // The shipped import-form example, run from inside the package: its required option, its plan.
    const example = join(pkg, "examples", "import-form-strategy.mjs");
    const noRoom = cli(["--plugin", example, "--strategy", "room-check", "--target", disk, "--dry-run"]);
    assert.equal(noRoom.status, 2, noRoom.stderr);
    assert.match(noRoom.stderr, /^error: room-check needs --room <percent> \(free room the filesystem must keep, in percent\)\n$/);

    // TypeScript: tsc --noEmit against the installed declarations, no @types/node, no skipLibCheck;
    // the guide's own example and a file exercising both forms.
    const guideExample = /```ts\n([\s\S]*?)```/.exec(guide);
    assert.ok(guideExample, "docs/plugins.md has a TypeScript example");
    await writeFile(join(project, "guide.mts"), guideExample[1]);
    await writeFile(join(project, "typed.mts"), TYPESCRIPT);
    await writeFile(join(project, "tsconfig.json"), JSON.stringify({
      compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, types: [], outDir: "out" },
      files: ["typed.mts", "guide.mts"],
    }));
    const check = spawnSync(process.execPath, [TSC, "-p", ".", "--noEmit"], { cwd: project, encoding: "utf8" });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    // Node runs a TypeScript plugin once compiled (the .exe runs .ts itself): built, it refuses the same way.
    const build = spawnSync(process.execPath, [TSC, "-p", "."], { cwd: project, encoding: "utf8" });
    assert.equal(build.status, 0, build.stdout + build.stderr);
    assert.deepEqual(refusal(join("out", "typed.mjs"), "typed-factory"), { code: 1, stderr: "error: typed-factory: refused by its own TypeScript\n" });
  });
});
