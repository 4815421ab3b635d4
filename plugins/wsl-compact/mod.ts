/**
 * The wsl-compact strategy: WSL's own `wsl --manage <distro> --compact` (microsoft/WSL PR #40481),
 * where the installed WSL has it. No admin rights, no Hyper-V; registered distros only (Docker
 * Desktop's `docker_data.vhdx` is not a distro, microsoft/WSL#40243). Written as a third-party
 * plugin would be.
 * @module
 */
import { definePlugin, z } from "../../mod.ts";
import type { StrategyPlugin } from "../../mod.ts";
import { wslCompactSteps } from "./steps.ts";

/** Rough throughput: e2fsck reads the metadata, CompactVirtualDisk moves the kept blocks. */
const BYTES_PER_SECOND = 150 * 1024 * 1024;

/** The wsl-compact strategy plugin. */
export const wslCompactPlugin: StrategyPlugin = definePlugin({
  name: "wsl-compact",
  apiVersion: 1,
  description: "WSL's own compaction (wsl --manage <distro> --compact): offline trim, then CompactVirtualDisk; no admin, no Hyper-V",
  metadata: {
    reliability: "high",
    dataPreservation: "full",
    complexity: "low",
    // The first release with --compact is not known: the probe reads wsl.exe's usage text instead of a version.
    requirements: { admin: false, hyperV: false, windows: true, wslVersion: null, tempSpace: "none", targetKinds: ["distro"] },
  },
  options: z.object({}),
  async probe(ctx) {
    if (await ctx.wsl.hasCompact()) return { available: true };
    const v = await ctx.wsl.version();
    return { available: false, reason: `this WSL${v ? ` (${v.wsl})` : " (in-box wsl.exe)"} has no wsl --manage --compact: run wsl --update when a release has it; native works on any WSL` };
  },
  async estimate(ctx, target) {
    const a = await ctx.analyze(target);
    // After a discard of every free ext4 block, the VHDX blocks ext4 still uses stay, whole: the
    // native figure for keeping only used blocks. Not exact: WSL's compaction is not ours to plan.
    const sizeAfter = a.usedOnlySizeAfter ?? a.fileSize;
    return {
      sizeAfter,
      reclaimable: Math.max(0, a.fileSize - sizeAfter),
      tempSpace: 0,
      seconds: Math.max(1, Math.round((a.filesystem.usedBytes + a.allocatedBytes / 8) / BYTES_PER_SECOND)),
      exact: false,
      note: a.usedOnlySizeAfter === null ? "filesystem not understood here: the size after is unknown" : "keeps the VHDX blocks ext4 still uses",
    };
  },
  plan: (ctx, target) => Promise.resolve(wslCompactSteps(ctx, target)),
});
