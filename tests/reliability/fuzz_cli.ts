/**
 * `npm run fuzz [-- --cases N --seed S --workers W --no-save]`: a long fuzz campaign (40 000 cases
 * by default) over fresh fixtures. Every failing input is saved under tests/fixtures/regressions/
 * (replayed by regressions_test.ts) and the figures are printed.
 * @module
 */
import { parseArgs } from "node:util";
import process from "node:process";
import { withTempDir } from "../support/tools.ts";
import { loadFuzzFixtures, makeFuzzFixtures } from "./fuzz_fixtures.ts";
import { mutate } from "./fuzz_mutate.ts";
import { caseSeed, runCampaign } from "./fuzz_plan.ts";
import { BASE_SEED } from "./level.ts";
import { saveRegression } from "./regressions.ts";

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "40000" },
    seed: { type: "string", default: String(BASE_SEED) },
    workers: { type: "string", default: "2" },
    "compact-every": { type: "string", default: "2" },
    "no-save": { type: "boolean", default: false },
  },
});
const seed = Number(values.seed), cases = Number(values.cases), every = Number(values["compact-every"]);

await withTempDir(async (dir) => {
  const started = Date.now();
  await makeFuzzFixtures(dir);
  const r = await runCampaign({ fixturesDir: dir, cases, compactEvery: every, seed, workers: Number(values.workers) });
  const fixtures = await loadFuzzFixtures(dir);
  console.log(`fuzz: seed ${seed}, ${r.cases} cases in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`  accepted ${r.accepted} (${r.compacted} also compacted by copy and in place), refused ${r.refused}: ${JSON.stringify(r.refusalsByError)}`);
  console.log(`  slowest: ${r.slowest.map((c) => `#${c.case} ${c.ms} ms`).join(", ")}`);
  console.log(`  bugs: ${r.bugs.length}`);
  for (const b of r.bugs) {
    const fixture = fixtures[b.case % fixtures.length];
    const m = mutate(fixture.bytes, fixture.targets, caseSeed(seed, b.case));
    console.log(`  case ${b.case} (${fixture.name}: ${m.what}): ${b.error}: ${b.message}`);
    if (b.stack) console.log(b.stack.split("\n").slice(0, 6).map((l) => "    " + l).join("\n"));
    if (values["no-save"]) continue;
    const compact = Math.floor(b.case / fixtures.length) % every === 0;
    const name = `${fixture.name}-seed${seed}-case${b.case}`;
    await saveRegression({ name, what: m.what, found: { error: b.error, message: b.message }, compact }, m.bytes);
    console.log(`    saved tests/fixtures/regressions/${name}.vhdx.gz`);
  }
  process.exitCode = r.bugs.length > 0 ? 1 : 0;
});
