/**
 * Cleaning Docker before a shrink: what `docker system prune -a --volumes -f` and
 * `docker builder prune --all -f` would delete (from `docker system df`), running them, and the
 * space Docker says it freed. That space is freed inside docker_data.vhdx, not on the host: the
 * file keeps its size until a strategy compacts it (docs/research.md §2.1, microsoft/WSL#4699).
 * @module
 */
import type { Host } from "../host/host.ts";
import { PruneFailedError } from "./errors.ts";
import { parseReclaimed, parseSystemDf } from "./docker_output.ts";
import type { DockerDfRow } from "./docker_output.ts";

/** `all`: images, containers, networks, volumes and build cache; `builder`: build cache only. */
export type PruneScope = "all" | "builder";

/** Arguments of each prune command per scope. */
export const PRUNE_COMMANDS: Readonly<Record<PruneScope, readonly (readonly string[])[]>> = {
  all: [["system", "prune", "-a", "--volumes", "-f"], ["builder", "prune", "--all", "-f"]],
  builder: [["builder", "prune", "--all", "-f"]],
};

/** Rows of `docker system df` each scope deletes from. */
const SCOPE_TYPES: Record<PruneScope, (type: string) => boolean> = {
  all: () => true,
  builder: (t) => /build/i.test(t),
};

/** Prune commands can take long on big caches. */
const PRUNE_TIMEOUT_MS = 30 * 60_000;

/** What a prune would delete, by `docker system df` row. */
export interface PrunePreview {
  rows: DockerDfRow[];
  /** Sum of the RECLAIMABLE column of the rows the scope covers. */
  reclaimable: number;
  /** The df table as Docker printed it. */
  table: string;
}

/** Runs `docker system df` and sums what the scope would delete; null when Docker does not answer. */
export async function previewPrune(host: Host, scope: PruneScope): Promise<PrunePreview | null> {
  const r = await host.exec("docker", ["system", "df"], { timeoutMs: 60_000 }).catch(() => null);
  if (!r || r.code !== 0) return null;
  const rows = parseSystemDf(r.stdout).filter((row) => SCOPE_TYPES[scope](row.type));
  return { rows, reclaimable: rows.reduce((sum, row) => sum + row.reclaimable, 0), table: r.stdout.trimEnd() };
}

/** One prune command and what Docker said it freed. */
export interface PruneStep {
  command: string;
  /** Bytes from the "Total reclaimed space" line; null when Docker printed none. */
  reclaimed: number | null;
}

/** Every command of a scope, as a user would type it. */
export function pruneCommandLines(scope: PruneScope): string[] {
  return PRUNE_COMMANDS[scope].map((args) => ["docker", ...args].join(" "));
}

/** Runs the scope's prune commands in order; throws {@link PruneFailedError} at the first failure. */
export async function runPrune(host: Host, scope: PruneScope, signal?: AbortSignal): Promise<{ steps: PruneStep[]; reclaimed: number }> {
  const steps: PruneStep[] = [];
  for (const args of PRUNE_COMMANDS[scope]) {
    const command = ["docker", ...args].join(" ");
    const r = await host.exec("docker", [...args], { timeoutMs: PRUNE_TIMEOUT_MS, signal });
    if (r.code !== 0) {
      const why = (r.stderr || r.stdout).trim().split("\n")[0] ?? "";
      throw new PruneFailedError(`${command} failed (exit ${r.code}${why ? `: ${why}` : ""}): start Docker Desktop and try again, or drop --prune; no disk was changed`);
    }
    steps.push({ command, reclaimed: parseReclaimed(r.stdout) });
  }
  return { steps, reclaimed: steps.reduce((sum, s) => sum + (s.reclaimed ?? 0), 0) };
}
