/**
 * The fuzz campaign: splits the cases over worker processes, restarts a worker after a case that
 * hung (no answer in time) or killed it (out of memory, fatal error), and tallies the outcomes.
 * @module
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { CASE_TIMEOUT_MS } from "./fuzz_case.ts";

/** One finished case as a worker reports it. */
export interface CaseRecord {
  case: number;
  fixture: string;
  what: string;
  kind: "accepted" | "refused" | "bug";
  compacted?: boolean;
  error?: string;
  message?: string;
  stack?: string;
  /** Milliseconds the case took. */
  ms?: number;
}

/** The figures of a campaign. */
export interface CampaignResult {
  cases: number;
  accepted: number;
  compacted: number;
  refused: number;
  /** Refusals per error type. */
  refusalsByError: Record<string, number>;
  bugs: CaseRecord[];
  /** The slowest cases (for tuning the time limit). */
  slowest: CaseRecord[];
}

/** What to run. */
export interface CampaignOptions {
  fixturesDir: string;
  cases: number;
  /** Every n-th case also runs copy and in-place compaction. */
  compactEvery: number;
  seed: number;
  workers: number;
}

/** The mutation seed of case `i` in a campaign seeded `seed`. */
export function caseSeed(seed: number, i: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) + i * 0x85ebca6b) >>> 0;
}

/** A worker that neither answers nor exits this long after starting a case is hung. */
const BASE_HANG_MS = CASE_TIMEOUT_MS * 3;
/** How much longer a suspected hang gets when re-run alone (a loaded machine can stall a worker). */
const CONFIRM_PATIENCE = 6;
/** Memory cap of a worker's JS heap: a case that needs more is a bug. */
const HEAP_MB = 1024;
const WORKER = fileURLToPath(new URL("./fuzz_worker.ts", import.meta.url));

/** The command that runs a TypeScript file on the runtime running us (workers use the same one). */
function workerCommand(args: string[]): [string, string[]] {
  if ("Deno" in globalThis) return [process.execPath, ["run", "-A", "--no-check", `--v8-flags=--max-old-space-size=${HEAP_MB}`, WORKER, ...args]];
  return [process.execPath, [`--max-old-space-size=${HEAP_MB}`, "--import", "tsx", WORKER, ...args]];
}

/** Runs cases [from, to) in one worker; returns the records and where it stopped. */
function runWorker(o: CampaignOptions, from: number, to: number, patience = 1): Promise<{ records: CaseRecord[]; next: number }> {
  const HANG_MS = BASE_HANG_MS * patience;
  return new Promise((resolve) => {
    const [cmd, args] = workerCommand([o.fixturesDir, String(from), String(to), String(o.compactEvery), String(o.seed)]);
    const env = { ...process.env, RELIABILITY_CASE_TIMEOUT_MS: String(CASE_TIMEOUT_MS * patience) };
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env });
    const records: CaseRecord[] = [];
    let started = from - 1, pending = "", stderr = "", hung = false;
    let watchdog = setTimeout(() => (hung = true, child.kill("SIGKILL")), HANG_MS * 4); // startup loads fixtures
    child.stderr.on("data", (d) => stderr = (stderr + d).slice(-4000));
    child.stdout.on("data", (d) => {
      pending += d;
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith("S ")) {
          started = Number(line.slice(2));
          clearTimeout(watchdog);
          watchdog = setTimeout(() => (hung = true, child.kill("SIGKILL")), HANG_MS);
        } else if (line.startsWith("R ")) records.push(JSON.parse(line.slice(2)));
      }
    });
    child.on("close", (code) => {
      clearTimeout(watchdog);
      const done = records.length > 0 ? records[records.length - 1].case + 1 : from;
      if (done >= to) return resolve({ records, next: to });
      // The worker died or hung inside case `started`: that case is the bug; go on after it.
      const culprit = Math.max(started, from);
      records.push({ case: culprit, fixture: "?", what: "?", kind: "bug", error: hung ? "Hang" : "WorkerDied",
        message: hung ? `no answer within ${HANG_MS} ms` : `worker exited ${code}: ${stderr.trim().split("\n").slice(-3).join(" | ")}` });
      resolve({ records, next: culprit + 1 });
    });
  });
}

const timedOut = (r: CaseRecord) => r.kind === "bug" && (r.error === "Hang" || r.error === "WorkerDied" || (r.message ?? "").includes("(hang)"));

/** Re-runs a case that hung or killed its worker, alone and with more patience; keeps the second verdict. */
async function confirm(o: CampaignOptions, r: CaseRecord): Promise<CaseRecord> {
  const again = await runWorker(o, r.case, r.case + 1, CONFIRM_PATIENCE);
  return again.records.find((x) => x.case === r.case) ?? r;
}

async function runSlice(o: CampaignOptions, from: number, to: number, out: CaseRecord[]): Promise<void> {
  for (let next = from; next < to;) {
    const r = await runWorker(o, next, to);
    for (const rec of r.records) out.push(timedOut(rec) ? await confirm(o, rec) : rec);
    next = r.next;
  }
}

/** Runs the campaign and tallies it. */
export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const records: CaseRecord[] = [];
  const per = Math.ceil(o.cases / o.workers);
  await Promise.all(Array.from({ length: o.workers }, (_, w) => runSlice(o, w * per, Math.min(o.cases, (w + 1) * per), records)));
  const result: CampaignResult = { cases: records.length, accepted: 0, compacted: 0, refused: 0, refusalsByError: {}, bugs: [], slowest: [...records].sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0)).slice(0, 5) };
  for (const r of records.sort((a, b) => a.case - b.case)) {
    if (r.kind === "accepted") {
      result.accepted++;
      if (r.compacted) result.compacted++;
    } else if (r.kind === "refused") {
      result.refused++;
      result.refusalsByError[r.error!] = (result.refusalsByError[r.error!] ?? 0) + 1;
    } else result.bugs.push(r);
  }
  return result;
}
