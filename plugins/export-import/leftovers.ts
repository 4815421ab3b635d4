/**
 * What an export-import run leaves when it is killed (power cut, closed terminal, Task Scheduler's
 * time limit), and how the next run on the same distro finds and clears it. Before it creates its
 * first temporary, a run writes a record beside the disk (`<disk>.vhdx-shrink-export.json`, written
 * to a `.tmp` and renamed, so it is always whole) naming its tar, temporary distro and folder, its
 * stamp (core/hold/run_stamp.ts) and how far the swap got; a run that ends removes it. A later run
 * that finds a record of a live run refuses and touches nothing. One of a dead run is a leftover:
 * the swap is rolled back (the original disk put back) or, when the new disk had already started
 * the distro, finished; the temporary distro is unregistered only when its folder is the recorded
 * one; the tar is deleted (never reused: the distro may have changed since), except after an
 * unregister, where it may be the copy the distro was re-imported from and is kept. Only the
 * recorded paths are touched, so a run never removes what another run made.
 * @module
 */
import { formatBytes, isRunStamp, RefusedError, runIsLive } from "../../mod.ts";
import type { PluginContext, RunStamp, Target } from "../../mod.ts";
import type { JobNames } from "./job.ts";
import { OLD_DISK_SUFFIX } from "./swap.ts";

/** How far a run got: `swapping` from the rename of the original disk, `swapped` once the distro started on the new one, `reimporting` from the unregister. */
export type JobStage = "started" | "swapping" | "swapped" | "reimporting";

/** The record of one run, beside the disk. */
export interface JobRecord extends JobNames {
  stamp: RunStamp;
  disk: string;
  stage: JobStage;
  /** The distro's default user before the run (a re-import registers it as root). */
  defaultUid?: number;
}

/** The record's path for `disk`. */
export function recordPathFor(disk: string): string {
  return `${disk}.vhdx-shrink-export.json`;
}

/** Writes `record` whole: to a temporary name, then renamed over the old record. */
export async function writeRecord(ctx: PluginContext, record: JobRecord): Promise<void> {
  const path = recordPathFor(record.disk);
  await ctx.host.fs.writeText(`${path}.tmp`, `${JSON.stringify(record)}\n`);
  await ctx.host.fs.rename(`${path}.tmp`, path);
}

/** Removes the record of `disk`, if there is one. */
export async function removeRecord(ctx: PluginContext, disk: string): Promise<void> {
  const path = recordPathFor(disk);
  if (await ctx.host.fs.exists(path)) await ctx.host.fs.remove(path);
}

/** The record beside `disk`: null when there is none, "unreadable" when it is not one of ours. */
export async function readRecord(ctx: PluginContext, disk: string): Promise<JobRecord | null | "unreadable"> {
  const path = recordPathFor(disk);
  if (!(await ctx.host.fs.exists(path))) return null;
  try {
    const r = JSON.parse(await ctx.host.fs.readText(path)) as JobRecord;
    const named = [r.tarPath, r.tempName, r.tempDir, r.disk].every((s) => typeof s === "string");
    return isRunStamp(r.stamp) && named ? r : "unreadable";
  } catch {
    return "unreadable";
  }
}

/** Refuses when a live run's record is beside the disk (its temporaries are in use). */
export async function refuseIfLive(ctx: PluginContext, target: Target): Promise<void> {
  const r = await readRecord(ctx, target.path);
  if (r === null || r === "unreadable" || !runIsLive(r.stamp)) return;
  throw new RefusedError(`an export-import run (pid ${r.stamp.pid} on ${r.stamp.host}, started ${r.stamp.started}) is still working on ${target.name}; its export ${r.tarPath} and temporary distro ${r.tempName} are left alone and nothing was changed: wait for it to finish`);
}

const samePath = (ctx: PluginContext, a: string, b: string): boolean =>
  ctx.host.path.resolve(a).toLowerCase() === ctx.host.path.resolve(b).toLowerCase();

async function sizeText(ctx: PluginContext, path: string): Promise<string> {
  return formatBytes((await ctx.host.fs.stat(path))?.size ?? 0);
}

/** Rolls the swap back, or finishes it when the distro had started on the new disk. */
async function settleSwap(ctx: PluginContext, r: JobRecord, done: string[]): Promise<void> {
  const fs = ctx.host.fs;
  const old = r.disk + OLD_DISK_SUFFIX;
  if (!(await fs.exists(old))) return;
  if (r.stage === "swapped" && await fs.exists(r.disk)) {
    // The new disk was verified (a valid VHDX) and the distro started on it: the original may go.
    const size = await sizeText(ctx, old);
    await fs.remove(old);
    done.push(`finished the swap (deleted the original disk ${old}, ${size}: the distro had started on the new one)`);
    return;
  }
  const newDisk = ctx.host.path.join(r.tempDir, "ext4.vhdx");
  if (await fs.exists(r.disk)) {
    if (await fs.exists(newDisk)) throw new RefusedError(`an interrupted export-import run left ${old} beside ${r.disk} and ${newDisk}: move ${old} back to ${r.disk} by hand (after wsl --shutdown); nothing was changed`);
    // The file at the disk's path is the new disk: it goes back to the temporary distro's folder.
    await fs.mkdir(r.tempDir);
    await fs.rename(r.disk, newDisk);
  }
  await fs.rename(old, r.disk);
  done.push(`put the original disk back from ${old}`);
}

/** Unregisters the recorded temporary distro (only when its folder is the recorded one) and removes its folder. */
async function removeTempDistro(ctx: PluginContext, r: JobRecord, done: string[], kept: string[]): Promise<void> {
  const { host, wsl } = ctx;
  const reg = await wsl.registration(r.tempName);
  if (reg && samePath(ctx, reg.basePath, r.tempDir)) {
    await wsl.unregister(r.tempName).run();
    done.push(`unregistered the temporary distro ${r.tempName}`);
  } else if (reg) {
    kept.push(`the distro ${r.tempName} (its folder is ${reg.basePath}, not ${r.tempDir})`);
    return;
  }
  // An import killed before it registered leaves its disk in the folder.
  const newDisk = host.path.join(r.tempDir, "ext4.vhdx");
  if (await host.fs.exists(newDisk)) {
    const size = await sizeText(ctx, newDisk);
    await host.fs.remove(newDisk);
    done.push(`deleted the unregistered new disk ${newDisk} (${size})`);
  }
  if (await host.fs.exists(r.tempDir) && (await host.fs.listDir(r.tempDir)).length === 0) await host.fs.remove(r.tempDir);
}

/** A run killed after its re-import, before it set the default user again: sets it (WSL registers imports as root, docs/research.md §3). */
async function restoreDefaultUid(ctx: PluginContext, target: Target, r: JobRecord, done: string[]): Promise<void> {
  const reg = await ctx.wsl.registration(target.name);
  if (!reg || r.defaultUid === undefined || reg.defaultUid === r.defaultUid) return;
  await ctx.wsl.setDefaultUid(target.name, r.defaultUid, reg.guid).run();
  done.push(`set ${target.name}'s default user back to uid ${r.defaultUid}`);
}

/**
 * Clears what a dead run left for `target` (see the module comment) once WSL is stopped.
 * @returns one line saying what was found and done, or null when there was nothing
 * @throws RefusedError when the record is a live run's, or the state is one to mend by hand
 */
export async function clearLeftovers(ctx: PluginContext, target: Target): Promise<string | null> {
  const path = recordPathFor(target.path);
  const r = await readRecord(ctx, target.path);
  if (r === null) return null;
  if (r === "unreadable") {
    await ctx.host.fs.remove(path);
    return `removed ${path}: an unreadable record of an earlier export-import run (its temporaries, if any, are listed by vhdx-shrink doctor)`;
  }
  await refuseIfLive(ctx, target);
  if (!samePath(ctx, r.disk, target.path)) return null;
  const done: string[] = [];
  const kept: string[] = [];
  await settleSwap(ctx, r, done);
  await removeTempDistro(ctx, r, done, kept);
  if (r.stage === "reimporting") await restoreDefaultUid(ctx, target, r, done);
  if (await ctx.host.fs.exists(r.tarPath)) {
    const size = await sizeText(ctx, r.tarPath);
    if (r.stage === "reimporting") {
      kept.push(`the export ${r.tarPath} (${size}): ${target.name} was re-imported from it; delete it once ${target.name} works`);
    } else {
      await ctx.host.fs.remove(r.tarPath);
      done.push(`deleted the export ${r.tarPath} (${size})`);
    }
  }
  await ctx.host.fs.remove(path);
  const what = done.length ? done.join("; ") : "nothing else was left";
  return `found what an interrupted export-import run left (pid ${r.stamp.pid}, started ${r.stamp.started}, no longer running): ${what}${kept.length ? `; kept ${kept.join("; ")}` : ""}`;
}
