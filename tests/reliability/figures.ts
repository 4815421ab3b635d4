/**
 * Collecting the suite's figures (crash states, fuzz cases, refusals): each test appends one JSON
 * line to the file named by RELIABILITY_FIGURES, which `npm run fuzz` sets and summarises.
 * @module
 */
import { appendFile } from "node:fs/promises";
import process from "node:process";

/** Appends `{ key, ...value }` to the figures file when one is set. */
export async function recordFigure(key: string, value: object): Promise<void> {
  const path = process.env.RELIABILITY_FIGURES;
  if (path) await appendFile(path, JSON.stringify({ key, ...value }) + "\n");
}
