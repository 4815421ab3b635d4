// A third-party strategy's declared option becomes a flag of the default command, its value reaches
// the strategy parsed by the schema, and a bad value is a usage error naming the option.
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../support/cli.ts";
import { withTempDir } from "../support/tools.ts";

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
    await writeFile(disk, "x");
    const base = ["--plugin", plugin, "--strategy", "greeter", "--target", disk, "--dry-run", "--json"];
    const given = await runCli([...base, "--greeting-count", "3"]);
    assert.equal(given.code, 0, given.stderr);
    assert.equal(JSON.parse(given.stdout).plan[0].description, "greet 3 times (number)");
    const fallback = await runCli(base);
    assert.equal(JSON.parse(fallback.stdout).plan[0].description, "greet 1 times (number)");
    const bad = await runCli([...base, "--greeting-count", "0"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /option greetingCount of greeter:/);
    const help = await runCli(["--plugin", plugin, "--help"]);
    assert.match(help.stdout, /--greeting-count <n>\s+greeter: how many greetings/);
  });
});
