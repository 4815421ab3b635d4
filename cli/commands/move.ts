/**
 * `vhdx-shrink move TARGET --to DIR [--dry-run]`: shrinks a disk in place with the native strategy
 * (the in-place mode under the one-writer hold, as `compact --yes` runs it), then moves it the
 * documented way. A distro is moved by `wsl --manage <distro> --move <dir>`, which moves the
 * registered file itself and rewrites BasePath, and moves it back when the registration cannot be
 * written (microsoft/WSL `LxssUserSessionImpl::MoveDistribution`, docs/windows-behaviour.md); it
 * cannot take a copy written elsewhere, so the disk is shrunk where it is first. Docker Desktop's
 * data disk is copied to `<dir>\DockerDesktopWSL\disk\docker_data.vhdx` while Docker Desktop is
 * quit, checked byte for byte, and Docker's disk image location (`CustomWslDistroDir`,
 * docs/windows-facts.md) is pointed at it; the old file is removed only after the new one opens.
 * The destination's free space is checked for the shrunk size before anything runs.
 * @module
 */
import { createHash } from "node:crypto";
import type { Command } from "commander";
import type { App } from "../app.ts";
import { formatBytes } from "../format.ts";
import { withGlobalOptions } from "../global_options.ts";
import { resolveOneTarget, TARGET_FLAG, targetSpec } from "../targets.ts";
import { makeContext } from "../context.ts";
import { compactFile } from "../../core/compact/compact_file.ts";
import { recordShrink } from "../../core/history/mod.ts";
import { RefusedError, TargetBusyError, UsageError, UserFacingError } from "../../core/errors.ts";
import type { Host } from "../../core/host/host.ts";
import type { Target } from "../../core/domain/target.ts";
import { targetInUse } from "../../core/plugin/target_in_use.ts";
import { moveDestination, requireDestinationSpace } from "../../core/move/move_destination.ts";
import type { MoveDestination } from "../../core/move/move_destination.ts";
import { restoreDockerDiskLocation, setDockerDiskLocation } from "../../core/move/docker_location.ts";
import type { SavedDockerLocation } from "../../core/move/docker_location.ts";
import { moveDistro, wslHasMove } from "../../core/wsl/manage_move.ts";
import { readRegisteredDistros } from "../../core/discover/wsl_registry.ts";

interface MoveOptions {
  to?: string;
  target?: string;
  dryRun?: boolean;
}

const EXAMPLES = `
Examples:
  vhdx-shrink move Ubuntu --to D:\\WSL\\Ubuntu         shrink in place, then wsl --manage Ubuntu --move D:\\WSL\\Ubuntu
  vhdx-shrink move docker_data.vhdx --to D:\\Docker    shrink, copy to D:\\Docker\\DockerDesktopWSL\\disk, switch Docker over
  vhdx-shrink move Ubuntu --to D:\\WSL\\Ubuntu --dry-run`;

/** The steps a move runs, in order; the dry run prints exactly these. */
export function moveSteps(target: Target, dest: MoveDestination, sizeAfter: number): string[] {
  const shrink = `shrink ${target.path} in place with the native strategy to about ${formatBytes(sizeAfter)} and verify it`;
  if (dest.switchOver.kind === "wsl-move") {
    return [
      shrink,
      `wsl --manage ${dest.switchOver.distro} --move ${dest.switchOver.location} (WSL moves the disk and rewrites its registration)`,
      `check that ${dest.switchOver.distro} is registered at ${dest.dir} and ${dest.diskPath} opens`,
    ];
  }
  return [
    "quit Docker Desktop (and WSL) for the run; start Docker Desktop again afterwards",
    shrink,
    `copy it to ${dest.diskPath}.partial, flush it and check it is byte-identical`,
    `rename it to ${dest.diskPath}`,
    `set Docker Desktop's disk image location (CustomWslDistroDir) to ${dest.switchOver.customWslDistroDir}`,
    `check that ${dest.diskPath} opens, then remove ${target.path}`,
  ];
}

/** Opens a disk and reads its filesystem (a dry run of the compactor), or throws why it cannot. */
async function mustOpen(host: Host, path: string): Promise<void> {
  await compactFile(host, path, { dryRun: true });
}

/** A SHA-256 of the whole file, read through the host. */
async function hashFile(host: Host, path: string): Promise<string> {
  const h = createHash("sha256");
  const f = await host.fs.open(path, "read");
  try {
    const size = await f.size();
    const chunk = 8 * 1024 * 1024;
    for (let pos = 0; pos < size; pos += chunk) h.update(await f.read(pos, Math.min(chunk, size - pos)));
  } finally {
    await f.close();
  }
  return h.digest("hex");
}

/** Shrinks the disk in place; returns its size before (the size history's "before"). */
async function shrinkInPlace(host: Host, path: string): Promise<number> {
  return (await compactFile(host, path, {})).sizeBefore;
}

async function moveWslDistro(host: Host, target: Target, dest: MoveDestination & { switchOver: { kind: "wsl-move" } }): Promise<number> {
  const before = await shrinkInPlace(host, target.path);
  await mustOpen(host, target.path);
  const oldDir = host.path.dirname(target.path);
  try {
    await moveDistro(host, dest.switchOver.distro, dest.switchOver.location);
  } catch (e) {
    const reason = ((e as Error)?.message ?? String(e)).split("\n")[0];
    const still = (await readRegisteredDistros(host)).find((d) => d.name === target.name);
    const intact = still?.basePath === oldDir && await host.fs.exists(target.path) && await mustOpen(host, target.path).then(() => true, () => false);
    throw new UserFacingError(intact
      ? `${target.name}: WSL could not move it (${reason}); it is shrunk and still registered at ${oldDir}, where its disk opens`
      : `${target.name}: WSL could not move it (${reason}); check where it is registered (wsl --list) before running anything else`, 1);
  }
  const moved = (await readRegisteredDistros(host)).find((d) => d.name === target.name);
  if (!moved || moved.basePath !== dest.dir) throw new UserFacingError(`${target.name}: after the move it is registered at ${moved?.basePath ?? "nowhere"}, not ${dest.dir}`, 1);
  await mustOpen(host, dest.diskPath);
  return before;
}

async function moveDockerDisk(host: Host, target: Target, dest: MoveDestination & { switchOver: { kind: "docker-setting" } }): Promise<number> {
  const partial = `${dest.diskPath}.partial`;
  for (const p of [dest.diskPath, partial]) {
    if (await host.fs.exists(p)) throw new RefusedError(`${p} already exists; move it away first; nothing was changed`);
  }
  const before = await shrinkInPlace(host, target.path);
  let created: string | undefined;
  let saved: SavedDockerLocation | undefined;
  try {
    await host.fs.mkdir(dest.dir);
    created = partial;
    await host.fs.copyFile(target.path, partial);
    const f = await host.fs.open(partial, "write");
    try {
      await f.sync();
    } finally {
      await f.close();
    }
    if ((await hashFile(host, partial)) !== (await hashFile(host, target.path))) throw new Error(`the copy ${partial} differs from ${target.path}`);
    await host.fs.rename(partial, dest.diskPath);
    created = dest.diskPath;
    saved = await setDockerDiskLocation(host, dest.switchOver.customWslDistroDir);
    await mustOpen(host, dest.diskPath);
  } catch (e) {
    if (saved) await restoreDockerDiskLocation(host, saved).catch(() => undefined);
    if (created) await host.fs.remove(created).catch(() => undefined);
    const reason = ((e as Error)?.message ?? String(e)).split("\n")[0];
    throw new UserFacingError(`${target.name}: not moved (${reason}); ${target.path} stays in use by Docker Desktop, shrunk in place`, 1);
  }
  await host.fs.remove(target.path);
  return before;
}

/** Adds the `move` command. */
export function addMoveCommand(program: Command, app: () => Promise<App>): void {
  withGlobalOptions(program.command("move"))
    .description("shrink a distro's or Docker Desktop's disk in place, then move it to another folder or drive")
    .argument("[target]", "a WSL distro or docker_data.vhdx")
    .option(TARGET_FLAG, "the same as TARGET")
    .option("--to <dir>", "the folder to move the disk to (e.g. D:\\WSL\\Ubuntu)")
    .option("-n, --dry-run", "show the steps; change nothing")
    .addHelpText("after", EXAMPLES)
    .action(async (spec: string | undefined, opts: MoveOptions) => {
      if (!opts.to) throw new UsageError("move needs --to <dir>, the folder to move the disk to");
      const a = await app();
      const host = a.host;
      const target = await resolveOneTarget(host, targetSpec(spec, opts.target), "move");
      const dest = moveDestination(host, target, opts.to);
      if (dest.switchOver.kind === "wsl-move") {
        if (!(await wslHasMove(host))) throw new RefusedError(`this wsl.exe has no --manage --move (install WSL from the Microsoft Store: wsl --update); ${target.name} was not changed`);
        const inUse = targetInUse(target);
        if (inUse) throw new TargetBusyError(inUse);
      }
      const notes: string[] = [];
      const work = async () => {
        // The size after, read from the analysis before anything is written.
        const estimate = await compactFile(host, target.path, { dryRun: true });
        await requireDestinationSpace(host, dest.dir, estimate.sizeAfter);
        const steps = moveSteps(target, dest, estimate.sizeAfter);
        if (opts.dryRun) return steps;
        const before = dest.switchOver.kind === "wsl-move"
          ? await moveWslDistro(host, target, { ...dest, switchOver: dest.switchOver })
          : await moveDockerDisk(host, target, { ...dest, switchOver: dest.switchOver });
        // The shrink is recorded where the disk now lives, as compact records one: growth counts from what it left.
        const moved = await host.fs.stat(dest.diskPath).catch(() => null);
        const left = moved?.allocatedSize ?? moved?.size ?? 0;
        const warning = await recordShrink(host, { name: target.name, path: dest.diskPath }, { before, after: left, strategy: "native" });
        if (warning) notes.push(warning);
        return steps;
      };
      const steps = dest.switchOver.kind === "docker-setting" && !opts.dryRun
        ? await makeContext(a, { restartDocker: true }).quiesce.around(notes, work, target.path)
        : await work();
      if (a.out.opts.json) return a.out.json({ target: target.name, from: target.path, to: dest.diskPath, dryRun: Boolean(opts.dryRun), steps, notes });
      if (opts.dryRun) {
        a.out.print(`Plan (dry run: nothing changed):`);
        steps.forEach((s, i) => a.out.print(`  ${i + 1}. ${s}`));
        return;
      }
      for (const n of notes) a.out.print(`  note: ${n}`);
      a.out.result(`${target.name}: shrunk and moved to ${dest.diskPath}`);
    });
}
