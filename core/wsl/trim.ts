/**
 * Trimming a distro's filesystem from inside: `wsl -d D -u root -e fstrim -av`. The distro starts for
 * this; callers shut it down afterwards. fstrim's own output is UTF-8 and passes through wsl.exe
 * unchanged (docs/research.md §4); util-linux prints `/: 1.2 GiB (1288490188 bytes) trimmed on /dev/sdc`.
 * @module
 */
import type { Host } from "../host/host.ts";
import type { PlanStep } from "../domain/plan_step.ts";
import type { Target } from "../domain/target.ts";
import { formatWslCommand, runWsl, wslFailure } from "./run_wsl.ts";
import type { WslCallOptions } from "./run_wsl.ts";

/** Arguments of the trim command. */
export function trimArgs(distro: string): string[] {
  return ["-d", distro, "-u", "root", "-e", "fstrim", "-av"];
}

/** The plan steps of {@link trimBeforeCompact}: one for a distro, none for a bare disk. */
export function trimPlanSteps(target: Target): PlanStep[] {
  if (target.kind !== "distro") return [];
  const distro = target.name;
  return [{ description: `trim ${distro}, then shut WSL down`, command: formatWslCommand(trimArgs(distro)), changes: true }];
}

/** Sums the `(N bytes) trimmed` figures of `fstrim -av` output. */
export function parseTrimmedBytes(text: string): number {
  let total = 0;
  for (const m of text.matchAll(/\((\d+) bytes\) trimmed/g)) total += Number(m[1]);
  return total;
}

/** Trims every mounted filesystem of the distro; returns the bytes fstrim reports. */
export async function trimDistro(host: Host, distro: string, opts: WslCallOptions = {}): Promise<number> {
  const args = trimArgs(distro);
  const r = await runWsl(host, args, { ...opts, linuxOutput: true });
  if (r.code !== 0) throw wslFailure(r, `trimming ${distro}`, args);
  return parseTrimmedBytes(r.stdout);
}

/**
 * Trims a distro target before an offline compaction and shuts WSL down again; bare disks cannot be
 * trimmed from a distro. A failed trim is a note, not a failure: the compaction still drops zero blocks.
 */
export async function trimBeforeCompact(host: Host, target: { kind: string; name: string }, signal: AbortSignal, notes: string[]): Promise<void> {
  if (target.kind !== "distro") {
    notes.push("a bare disk cannot be trimmed from a distro: only all-zero blocks are reclaimed");
    return;
  }
  const distro = target.name;
  try {
    const bytes = await trimDistro(host, distro, { signal });
    notes.push(`fstrim reported ${bytes} bytes trimmed in ${distro}`);
  } catch (e) {
    if (signal.aborted) throw e;
    notes.push(`trim of ${distro} failed (${(e as Error).message}): only all-zero blocks are reclaimed`);
  } finally {
    await runWsl(host, ["--shutdown"]);
  }
}
