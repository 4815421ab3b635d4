/**
 * The steps around the default command's strategy run: before it, `--prune` cleans Docker (listing
 * what goes and asking first) and shows that the VHDX did not shrink; the holders of a locked file
 * are named. After it, Docker Desktop is started again and waited for (`--restart-docker`, on by
 * default when it was running) and the host volume is retrimmed (`--retrim`).
 * @module
 */
import type { App } from "../app.ts";
import type { Asker } from "../confirm.ts";
import { confirmYes } from "../confirm.ts";
import { formatBytes } from "../format.ts";
import type { Target } from "../../core/plugin/types.ts";
import { RefusedError, UsageError } from "../../core/errors.ts";
import { dockerDesktopRunning } from "../../core/docker_desktop/docker_desktop.ts";
import { previewPrune, pruneCommandLines, runPrune } from "../../core/maintenance/prune.ts";
import type { PruneScope } from "../../core/maintenance/prune.ts";
import { restartDocker } from "../../core/maintenance/docker_restart.ts";
import { retrimVolume } from "../../core/maintenance/retrim.ts";
import { lockHolders } from "../../core/doctor/lock_holders.ts";

/** The workflow options of the default command. */
export interface WorkflowOptions {
  /** `--prune` (true: everything) or `--prune=builder` (build cache only). */
  prune?: boolean | string;
  /** `--restart-docker` / `--no-restart-docker`; default: on when Docker Desktop was running. */
  restartDocker?: boolean;
  retrim?: boolean;
  yes?: boolean;
  dryRun?: boolean;
}

/** What the before-steps saw, for the after-steps. */
export interface WorkflowState {
  dockerWasRunning: boolean;
}

/** The prune scope of `--prune[=scope]`, or null without `--prune`. */
export function pruneScope(prune: boolean | string | undefined): PruneScope | null {
  if (prune === undefined || prune === false) return null;
  if (prune === true || prune === "all") return "all";
  if (prune === "builder") return "builder";
  throw new UsageError(`--prune=${prune} is not a scope: use --prune (everything unused) or --prune=builder (build cache only)`);
}

/** Before choosing a strategy: note Docker Desktop's state and run `--prune`. */
export async function beforeShrink(a: App, opts: WorkflowOptions, asker: Asker, targets: Target[], signal: AbortSignal): Promise<WorkflowState> {
  const scope = pruneScope(opts.prune);
  const dockerWasRunning = a.host.isWindows && await dockerDesktopRunning(a.host);
  if (scope) await prune(a, scope, opts, asker, targets, dockerWasRunning, signal);
  return { dockerWasRunning };
}

async function prune(a: App, scope: PruneScope, opts: WorkflowOptions, asker: Asker, targets: Target[], running: boolean, signal: AbortSignal): Promise<void> {
  const out = a.out;
  if (!running) throw new RefusedError("--prune needs Docker Desktop running (docker talks to its engine): start it, or run without --prune; nothing was changed");
  const preview = await previewPrune(a.host, scope);
  const commands = pruneCommandLines(scope);
  out.print(out.style.bold("Docker clean-up") + (scope === "builder" ? " (build cache only)" : " (all unused images, stopped containers, networks, volumes and build cache)"));
  if (preview) out.print(preview.table.split("\n").map((l) => `  ${l}`).join("\n"));
  out.print(`Will run:\n${commands.map((c) => `  ${c}`).join("\n")}`);
  if (preview) out.print(`Docker lists ${formatBytes(preview.reclaimable)} as reclaimable.`);
  if (opts.dryRun) {
    out.print("Dry run: Docker was not pruned.");
    return;
  }
  if (!opts.yes) {
    if (!asker.interactive) throw new RefusedError(`--prune deletes ${scope === "builder" ? "Docker's build cache" : "every unused image, stopped container and unused volume"}: add --yes to run it without a prompt; nothing was changed`);
    if (!(await confirmYes(asker, "Delete them?"))) throw new RefusedError("cancelled: nothing was changed");
  }
  const dockerDisks = targets.filter((t) => t.owner === "docker");
  const before = await sizes(a, dockerDisks);
  const result = await runPrune(a.host, scope, signal);
  for (const s of result.steps) out.print(`  ${s.command}: ${s.reclaimed === null ? "done" : `${formatBytes(s.reclaimed)} freed`}`);
  out.result(`Docker reports ${formatBytes(result.reclaimed)} freed.`);
  if (out.opts.json) out.event({ event: "prune", scope, steps: result.steps, reclaimed: result.reclaimed });
  const after = await sizes(a, dockerDisks);
  for (const t of dockerDisks) {
    const b = before.get(t.path), n = after.get(t.path);
    if (b === undefined || n === undefined) continue;
    out.print(`${t.name} is still ${formatBytes(n)} on the host (was ${formatBytes(b)}): Docker freed space inside the disk, not the file. That is what the strategy reclaims.`);
  }
}

async function sizes(a: App, targets: Target[]): Promise<Map<string, number>> {
  const m = new Map<string, number>();
  for (const t of targets) {
    const info = await a.host.fs.stat(t.path).catch(() => null);
    if (info && info.allocatedSize !== null) m.set(t.path, info.allocatedSize);
  }
  return m;
}

/** Names what holds the chosen disk open, so a refusal later is not a mystery. */
export async function explainLocks(a: App, target: Target): Promise<void> {
  const holders = await lockHolders(a.host, target).catch(() => []);
  if (holders.length === 0) return;
  a.out.print(`${target.name} is in use by:`);
  for (const h of holders) a.out.print(`  - ${h}`);
}

/** After a successful run: start Docker Desktop and wait for it, then retrim the host volume. */
export async function afterShrink(a: App, opts: WorkflowOptions, state: WorkflowState, target: Target): Promise<void> {
  const out = a.out;
  if (a.host.isWindows && (opts.restartDocker ?? state.dockerWasRunning)) {
    out.print("Waiting for Docker Desktop...");
    const r = await restartDocker(a.host);
    if (r.distroRunning) out.result(r.message);
    else out.warn(r.message);
    if (out.opts.json) out.event({ event: "docker-restart", ...r });
  }
  if (opts.retrim) {
    const r = await retrimVolume(a.host, target.path);
    if (r.ok) out.result(`Host volume: ${r.message}`);
    else out.warn(r.message);
    if (out.opts.json) out.event({ event: "retrim", ...r });
  }
}
