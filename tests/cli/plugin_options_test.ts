// A third-party strategy's declared option becomes a flag of the default command, its value reaches
// the strategy parsed by the schema, and a bad value is a usage error naming the option.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../support/cli.ts";
import { mustRun, withTempDir } from "../support/tools.ts";

const PLUGIN = `export default ({ definePlugin, zod }) => definePlugin({
  name: "greeter", apiVersion: 1, description: "plans a greeting, changes nothing",
  metadata: { reliability: "high", dataPreservation: "full", complexity: "low",
    requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["disk"] } },
  options: zod.object({ greetingCount: zod.number().int().min(1).default(1).describe("how many greetings") }),
  probe: async () => ({ available: true }),
  estimate: async () => ({ sizeAfter: 0, reclaimable: 0, tempSpace: 0, seconds: 1, exact: true }),
  plan: async (ctx) => [{ description: "greet " + ctx.options.greetingCount + " times (" + typeof ctx.options.greetingCount + ")", changes: false }],
  run: async () => ({ sizeBefore: 0, sizeAfter: 0, keptFiles: [], notes: [] }),
});
`;

test("a third-party strategy's option is a flag, parsed to its type and validated by its schema", async () => {
  await withTempDir(async (dir) => {
    const plugin = join(dir, "greeter.mjs");
    const disk = join(dir, "d.vhdx");
    await writeFile(plugin, PLUGIN);
    // A real (empty) VHDX: every command refuses a file that is not one before a strategy sees it.
    mustRun("qemu-img", ["create", "-q", "-f", "vhdx", disk, "8M"]);
    const base = ["--plugin", plugin, "--strategy", "greeter", "--target", disk, "--dry-run", "--json"];
    const given = await runCli([...base, "--greeting-count", "3"]);
    assert.equal(given.code, 0, given.stderr);
    assert.equal(JSON.parse(given.stdout).plan[0].description, "greet 3 times (number)");
    const fallback = await runCli(base);
    assert.equal(JSON.parse(fallback.stdout).plan[0].description, "greet 1 times (number)");
    const bad = await runCli([...base, "--greeting-count", "0"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--greeting-count of greeter:/);
    const help = await runCli(["--plugin", plugin, "--help"]);
    assert.match(help.stdout, /--greeting-count <n>\s+greeter: how many greetings \(default: 1\)/);
  });
});

const pluginWith = (name: string, options: string, plan = "[]", probe = "({ available: true })") => `export default ({ definePlugin, zod }) => definePlugin({
  name: "${name}", apiVersion: 1, description: "plans, changes nothing",
  metadata: { reliability: "high", dataPreservation: "full", complexity: "low",
    requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["disk"] } },
  options: zod.object(${options}),
  probe: async (ctx) => ${probe},
  estimate: async (ctx) => ({ sizeAfter: 0, reclaimable: 0, tempSpace: 0, seconds: 1, exact: true, note: "dest=" + ctx.options.dest }),
  plan: async (ctx) => ${plan},
  run: async () => ({ sizeBefore: 0, sizeAfter: 0, keptFiles: [], notes: [] }),
});
`;

test("a strategy's options hold only its own fields; --yes and --dry-run are the run's, in ctx.run", async () => {
  await withTempDir(async (dir) => {
    const plugin = join(dir, "keys.mjs");
    const disk = join(dir, "d.vhdx");
    await writeFile(plugin, pluginWith("keys", `{ level: zod.number().default(2) }`, `[{ description: "options " + Object.keys(ctx.options).join(",") + "; run yes=" + ctx.run.yes + " dryRun=" + ctx.run.dryRun, changes: false }]`));
    // A real (empty) VHDX: every command refuses a file that is not one before a strategy sees it.
    mustRun("qemu-img", ["create", "-q", "-f", "vhdx", disk, "8M"]);
    const r = await runCli(["--plugin", plugin, "--strategy", "keys", "--target", disk, "--dry-run", "--yes", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).plan[0].description, "options level; run yes=true dryRun=true");
  });
});

test("a plugin option on a flag the CLI already uses is refused at registration with one line naming the clash", async () => {
  await withTempDir(async (dir) => {
    const cases: [string, string, RegExp][] = [
      ["long", `{ target: zod.string().optional() }`, /option target would be --target, which vhdx-shrink already uses: rename the option$/],
      ["short", `{ threads: zod.number().default(1).meta({ short: "y" }) }`, /option threads would be -y, which vhdx-shrink already uses: rename the option or change its short letter$/],
      ["negated", `{ color: zod.boolean().default(false) }`, /option color would be --color, which vhdx-shrink already uses/],
      ["compare-flag", `{ usage: zod.boolean().default(false) }`, /option usage would be --usage/],
    ];
    for (const [name, options, message] of cases) {
      const plugin = join(dir, `${name}.mjs`);
      await writeFile(plugin, pluginWith(name, options));
      const r = await runCli(["plugins", "--plugin", plugin]);
      assert.equal(r.code, 1, `${name}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr.trim(), message);
    }
  });
});

test("a required option (no default) is named by its flag when missing, and --help says it is required", async () => {
  await withTempDir(async (dir) => {
    const plugin = join(dir, "mover.mjs");
    const disk = join(dir, "d.vhdx");
    await writeFile(plugin, pluginWith("mover", `{ dest: zod.string().describe("folder to move the disk to").meta({ value: "dir" }) }`, `[{ description: "move to " + ctx.options.dest, changes: false }]`));
    // A real (empty) VHDX: every command refuses a file that is not one before a strategy sees it.
    mustRun("qemu-img", ["create", "-q", "-f", "vhdx", disk, "8M"]);
    const base = ["--plugin", plugin, "--strategy", "mover", "--target", disk, "--dry-run", "--json"];
    const missing = await runCli(base);
    assert.equal(missing.code, 2, missing.stderr);
    assert.match(missing.stderr, /mover needs --dest <dir> \(folder to move the disk to\)/);
    assert.doesNotMatch(missing.stderr, /\bdest\b(?! <)|expected string/);
    const given = await runCli([...base, "--dest", "/backup"]);
    assert.equal(given.code, 0, given.stderr);
    assert.equal(JSON.parse(given.stdout).plan[0].description, "move to /backup");
    const help = await runCli(["--plugin", plugin, "--help"]);
    assert.match(help.stdout, /--dest <dir>\s+mover: folder to move the disk to\s+\(required\s+by\s+mover\)/);
  });
});

test("compare passes the strategies' flags to their probes and estimates (compare --target T --dest D)", async () => {
  await withTempDir(async (dir) => {
    const plugin = join(dir, "mover.mjs");
    const disk = join(dir, "d.vhdx");
    await writeFile(plugin, pluginWith("mover", `{ dest: zod.string().describe("folder") }`, "[]", `ctx.options.dest === "/backup" ? { available: true } : { available: false, reason: "dest is " + ctx.options.dest }`));
    // A real (empty) VHDX: every command refuses a file that is not one before a strategy sees it.
    mustRun("qemu-img", ["create", "-q", "-f", "vhdx", disk, "8M"]);
    const r = await runCli(["compare", "--plugin", plugin, "--target", disk, "--dest", "/backup", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const row = JSON.parse(r.stdout).targets[0].strategies.find((s: { name: string }) => s.name === "mover");
    assert.equal(row.available, true, row.reason);
    assert.equal(row.estimate.note, "dest=/backup");
    const without = await runCli(["compare", "--plugin", plugin, "--target", disk, "--json"]);
    const missing = JSON.parse(without.stdout).targets[0].strategies.find((s: { name: string }) => s.name === "mover");
    assert.equal(missing.available, false);
    assert.match(missing.reason, /^mover needs --dest <value> \(folder\)$/);
  });
});
