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
 * Whether a crash state also goes to qemu-img, e2fsck and debugfs (about half a second each): in CI
 * the fsync boundaries and the final state, at the full level every state. The engine judges all.
 */
export function toolsFor(state: { atBoundary: boolean }): boolean {
  return LEVEL === "full" || state.atBoundary;
}
