/**
 * How hard the reliability suite works: CI keeps every file fast on Node and Deno; `npm run fuzz`
 * (RELIABILITY_LEVEL=full) samples far more crash states and fuzz cases.
 * @module
 */
import process from "node:process";

/** "ci" unless RELIABILITY_LEVEL=full. */
export const LEVEL: "ci" | "full" = process.env.RELIABILITY_LEVEL === "full" ? "full" : "ci";

/** The figures each level uses. */
export const SCALE = {
  ci: { prefixesPerGap: 2, subsetsPerGap: 2, fuzzCases: 2400, fuzzCompactEvery: 8 },
  full: { prefixesPerGap: 8, subsetsPerGap: 12, fuzzCases: 40000, fuzzCompactEvery: 2 },
}[LEVEL];

/** Seed for the fuzzer; RELIABILITY_SEED overrides it to explore new cases. */
export const BASE_SEED = Number(process.env.RELIABILITY_SEED ?? 20240601);

/**
 * Chooses which crash states of one run also go to qemu-img, e2fsck and debugfs (about half a second
 * each; the engine judges all): at the full level every state; in CI the fsync boundaries, the
 * final state and a fixed sample between fsyncs, the first state built after each boundary (its
 * last pending writes dropped and one torn; the sampler's seed is fixed, so the same states in
 * every run). Call once per run: it counts the states it is shown.
 */
export function toolSample(level: "ci" | "full" = LEVEL): (state: { atBoundary: boolean }) => boolean {
  let sinceBoundary = 0;
  return (state) => {
    if (level === "full" || state.atBoundary) {
      sinceBoundary = 0;
      return true;
    }
    return ++sinceBoundary === 1;
  };
}
