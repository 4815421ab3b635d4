/**
 * Crashing fuzz inputs kept as regression fixtures: `tests/fixtures/regressions/<name>.vhdx.gz`
 * beside `<name>.json` (what was mutated and what went wrong). Payload blocks the failure does not
 * need are zeroed first so the gzip stays small.
 * @module
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { gunzipSync, gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { type Outcome, runCase } from "./fuzz_case.ts";

/** Where regression fixtures live. */
export const REGRESSIONS_DIR = fileURLToPath(new URL("../fixtures/regressions/", import.meta.url));

/** What a regression fixture records besides its bytes. */
export interface RegressionInfo {
  name: string;
  what: string;
  /** The failure when it was found (error name and message). */
  found: { error?: string; message?: string };
  compact: boolean;
}

const MiB = 1024 * 1024;
/** The header section, log, metadata and BAT of the fixtures live in the first 4 MiB: keep them. */
const KEEP_BELOW = 4 * MiB;

const sameFailure = (a: Outcome, b: Outcome) => a.kind === "bug" && b.kind === "bug" && a.error === b.error;

/** Zeroes each 1 MiB past the metadata whose loss keeps the same failure (greedy). */
export async function shrinkInput(bytes: Uint8Array, compact: boolean): Promise<Uint8Array> {
  const first = await runCase(bytes, { compact });
  let current = bytes;
  for (let at = KEEP_BELOW; at < current.length; at += MiB) {
    const trial = current.slice();
    trial.fill(0, at, Math.min(at + MiB, trial.length));
    if (sameFailure(first, await runCase(trial, { compact }))) current = trial;
  }
  return current;
}

/** Saves a crashing input as a regression fixture. */
export async function saveRegression(info: RegressionInfo, bytes: Uint8Array): Promise<string> {
  const small = await shrinkInput(bytes, info.compact);
  await writeFile(join(REGRESSIONS_DIR, `${info.name}.vhdx.gz`), gzipSync(small, { level: 9 }));
  await writeFile(join(REGRESSIONS_DIR, `${info.name}.json`), JSON.stringify(info, null, 2) + "\n");
  return info.name;
}

/** Every saved regression: its info and bytes. */
export async function loadRegressions(): Promise<Array<{ info: RegressionInfo; bytes: Uint8Array }>> {
  const names = (await readdir(REGRESSIONS_DIR).catch(() => [] as string[])).filter((n) => n.endsWith(".json")).sort();
  return Promise.all(names.map(async (n) => {
    const info = JSON.parse(await readFile(join(REGRESSIONS_DIR, n), "utf8")) as RegressionInfo;
    return { info, bytes: new Uint8Array(gunzipSync(await readFile(join(REGRESSIONS_DIR, `${info.name}.vhdx.gz`)))) };
  }));
}
