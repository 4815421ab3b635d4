/**
 * A fuzz worker process: `fuzz_worker.ts FIXTURES_DIR FROM TO COMPACT_EVERY SEED`. It writes a line
 * "S <case>" before each case (synchronously, so the parent knows which case hung or ran out of
 * memory if it never returns) and "R <json>" after it.
 * @module
 */
import { writeSync } from "node:fs";
import process from "node:process";
import { runCase } from "./fuzz_case.ts";
import { loadFuzzFixtures } from "./fuzz_fixtures.ts";
import { mutate } from "./fuzz_mutate.ts";
import { caseSeed } from "./fuzz_plan.ts";

/** Resident memory above which a case counts as an unbounded allocation. */
const RSS_LIMIT = 1536 * 1024 * 1024;

const [dir, from, to, every, seed] = process.argv.slice(2);
const fixtures = await loadFuzzFixtures(dir);
for (let i = Number(from); i < Number(to); i++) {
  writeSync(1, `S ${i}\n`);
  const fixture = fixtures[i % fixtures.length];
  const m = mutate(fixture.bytes, fixture.targets, caseSeed(Number(seed), i));
  const t0 = performance.now();
  // Compaction rotates over the fixtures: every fixture gets one compacted case per `every` rounds.
  const outcome = await runCase(m.bytes, { compact: Math.floor(i / fixtures.length) % Number(every) === 0 });
  const rss = process.memoryUsage().rss;
  const final = rss > RSS_LIMIT && outcome.kind !== "bug" ? { kind: "bug", error: "Memory", message: `resident memory reached ${rss} bytes` } : outcome;
  writeSync(1, `R ${JSON.stringify({ case: i, fixture: fixture.name, what: m.what, ...final, ms: Math.round(performance.now() - t0) })}\n`);
}
