import { test } from "node:test";
import assert from "node:assert/strict";
import { withTempDir } from "../support/tools.ts";
import { recordFigure } from "./figures.ts";
import { makeFuzzFixtures } from "./fuzz_fixtures.ts";
import { runCampaign } from "./fuzz_plan.ts";
import { BASE_SEED, LEVEL, SCALE } from "./level.ts";

test("mutated headers, region tables, metadata, log, BAT and ext4 structures are opened or refused in one line, never crash, hang or balloon", { timeout: 15 * 60_000 }, async (t) => {
  await withTempDir(async (dir) => {
    await makeFuzzFixtures(dir);
    const r = await runCampaign({ fixturesDir: dir, cases: SCALE.fuzzCases, compactEvery: SCALE.fuzzCompactEvery, seed: BASE_SEED, workers: 2 });
    t.diagnostic(`fuzz (${LEVEL}, seed ${BASE_SEED}): ${r.cases} cases, ${r.accepted} accepted (${r.compacted} compacted both ways), ${r.refused} refused ${JSON.stringify(r.refusalsByError)}, ${r.bugs.length} bugs`);
    await recordFigure("fuzz", { cases: r.cases, accepted: r.accepted, compacted: r.compacted, refused: r.refused, refusalsByError: r.refusalsByError, bugs: r.bugs.length });
    assert.equal(r.cases, SCALE.fuzzCases, "every case reported");
    const shown = r.bugs.slice(0, 5).map((b) => `case ${b.case} (${b.fixture}: ${b.what}): ${b.error}: ${b.message}\n${b.stack ?? ""}`);
    assert.equal(r.bugs.length, 0, `engine bugs (re-run with \`npm run fuzz -- --seed ${BASE_SEED}\` to save them as regressions):\n${shown.join("\n")}`);
    assert.ok(r.refused > 0 && r.accepted > 0, "the mutations reach both refusals and accepted files");
  });
});
