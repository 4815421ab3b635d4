/**
 * The diskpart strategy: trim inside the distro, then `diskpart /s` with select / attach readonly /
 * compact / detach (docs/windows-facts.md §6). Needs admin for that one step; exists on Windows
 * Home. For ext4 the gain is the all-zero and trimmed blocks. Success is judged by diskpart's
 * documented exit code and by the file (detached, a valid VHDX, not larger), never by its localized
 * output. The script is encoded in the code page diskpart reads (the console's, see scriptBytes) and
 * handed to the elevated side as data, which writes it where only it can change it and checks the
 * disk first (elevated_step.ts): nothing the elevated diskpart reads is a file the user can rewrite.
 * @module
 */
import { definePlugin, encodeCodePage, powershellArgs, RefusedError, readVhdxIdentity } from "../../mod.ts";
import type { ExecResult, PluginContext, Step, StrategyPlugin, Target } from "../../mod.ts";
import { compactScript, detachScript, diskpartExitMeaning, lastLines } from "./script.ts";
import { diskpartStepScript } from "./elevated_step.ts";

/** The diskpart strategy plugin. */
export const diskpartPlugin: StrategyPlugin = definePlugin({
  name: "diskpart",
  apiVersion: 1,
  description: "Trim, then diskpart compact vdisk on the disk attached read-only (needs admin, works on Windows Home)",
  metadata: {
    reliability: "medium",
    dataPreservation: "full",
    complexity: "low",
    requirements: { admin: true, hyperV: false, windows: true, wslVersion: null, tempSpace: "none", targetKinds: ["distro", "disk"] },
  },
  probe: () => Promise.resolve({ available: true }),
  async estimate(ctx, target) {
    return ctx.trim.estimate(target, { compacts: true });
  },
  plan: (ctx, target) => Promise.resolve(diskpartSteps(ctx, target)),
});

/**
 * Refuse a sparse file (diskpart refuses them), stop what holds the disk, trim, then the elevated
 * compaction; whatever fails after diskpart attached the disk, the disk is detached again.
 */
function diskpartSteps(ctx: PluginContext, target: Target): Step[] {
  const path = target.path;
  // Set while the elevated diskpart may have left the disk attached and nothing detached it yet.
  const attach = { pending: false };
  return [
    {
      description: `check that ${path} is not sparse (diskpart refuses sparse files)`,
      changes: false,
      leaves: "nothing was changed",
      async run() {
        if ((await ctx.host.fs.stat(path))?.isSparse) throw new RefusedError(`${path} is sparse and diskpart refuses sparse files: use optimize-vhd (clears the flag) or native; nothing was changed`);
      },
    },
    ctx.quiesce.step(path),
    ctx.trim.step(target),
    {
      description: `diskpart script (written by the elevated step under %SystemRoot%\\Temp after it checked the disk): ${compactScript(target.path).trim().split("\r\n").join("; ")}`,
      details: ["only if the disk is still attached afterwards: a second script that detaches it (diskpart /s <detach script>, elevated)"],
      command: "diskpart /s <script>",
      elevated: true,
      changes: true,
      async run(step) {
        const notes: string[] = [];
        await compactWithDiskpart(ctx, path, notes, attach);
        notes.forEach(step.note);
      },
      async onFailure(step) {
        if (!attach.pending) return;
        const notes: string[] = [];
        await detach(ctx, path, notes);
        notes.forEach(step.note);
      },
    },
  ];
}

/** Runs the compaction script, makes sure the disk ends detached, then judges by exit code and file. */
async function compactWithDiskpart(ctx: PluginContext, path: string, notes: string[], attach: { pending: boolean }): Promise<void> {
  const { host } = ctx;
  const script = await scriptBytes(ctx, compactScript(path));
  const sizeBefore = (await host.fs.stat(path))?.size ?? 0;
  // No signal: killing diskpart would leave the disk attached; compaction itself is crash-safe in VDS.
  attach.pending = true;
  const r = await runElevatedDiskpart(ctx, path, script);
  await detach(ctx, path, notes);
  attach.pending = false;
  const said = lastLines(`${r.stdout}\n${r.stderr}`);
  if (r.code !== 0) {
    throw new RefusedError(`diskpart failed (exit ${r.code}: ${diskpartExitMeaning(r.code)}${said ? `; it said: ${said}` : ""}); the disk was attached read-only at most and is detached; it is unchanged`);
  }
  await checkVhdx(ctx, path);
  const sizeAfter = (await host.fs.stat(path))?.size ?? 0;
  if (sizeAfter > sizeBefore) throw new RefusedError(`the disk grew from ${sizeBefore} to ${sizeAfter} bytes during diskpart's compaction: check it with the analyze command before using it`);
  if (r.stdout.trim().length === 0) notes.push("diskpart ran in its own elevated window, so its output could not be read: its exit code and the disk were checked instead (detached, valid VHDX)");
}

/**
 * A diskpart script in the code page diskpart reads it in: the console's (as its output,
 * docs/windows-facts.md §7; inferred for scripts, see docs/windows-behaviour.md). A path with a
 * letter that code page lacks cannot be written: refused before anything runs.
 */
async function scriptBytes(ctx: PluginContext, text: string): Promise<Uint8Array> {
  const cp = await ctx.host.consoleCodePage();
  const bytes = cp === undefined ? new TextEncoder().encode(text) : encodeCodePage(text, cp);
  if (!bytes) throw new RefusedError(`the disk's path has letters the console code page ${cp} lacks, so diskpart cannot be told the path: use the native or optimize-vhd strategy; nothing was changed`);
  return bytes;
}

/**
 * One elevated diskpart run (elevated_step.ts): the script and the path go as data, the script
 * into a random folder, and the disk's identity read just now, so a disk swapped since is refused.
 */
async function runElevatedDiskpart(ctx: PluginContext, path: string, script: Uint8Array): Promise<ExecResult> {
  const folder = `vhdx-shrink-${Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("")}`;
  return ctx.elevation.run("powershell.exe", powershellArgs(diskpartStepScript(path, script, folder, await readVhdxIdentity(ctx.host.fs, path))), { onPrompt: (m) => ctx.log.info(m) });
}

/**
 * The clean-up script runs only when the disk is still attached: Microsoft asks for about 15 s
 * between diskpart scripts (docs/windows-facts.md §6), and a detached disk needs no second one.
 */
async function detach(ctx: PluginContext, path: string, notes: string[]): Promise<void> {
  const { host } = ctx;
  if (!(await host.fs.isLocked(path))) return;
  await runElevatedDiskpart(ctx, path, await scriptBytes(ctx, detachScript(path)));
  if (await host.fs.isLocked(path)) notes.push(`the disk may still be attached: run diskpart (as administrator) with: select vdisk file="${path}", detach vdisk`);
}

async function checkVhdx(ctx: PluginContext, path: string): Promise<void> {
  if (await ctx.host.fs.isLocked(path)) throw new RefusedError(`the disk is still attached after diskpart: run diskpart (as administrator) with: select vdisk file="${path}", detach vdisk`);
  await ctx.disks.verify(path);
}
