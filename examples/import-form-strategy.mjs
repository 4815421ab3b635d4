// A third-party strategy in the import form, for a project that installed the npm package
// (`npm install vhdx-shrink`), loaded with
//   npx vhdx-shrink --plugin examples/import-form-strategy.mjs --strategy room-check --target disk.vhdx --room 20 --dry-run
// It changes nothing: it refuses a disk whose filesystem has less free room than `--room` percent
// (a RefusedError, reported as this plugin's own line with exit 1) and otherwise reports the numbers.
// The import form needs node_modules: the compiled vhdx-shrink.exe loads the factory form instead
// (examples/noop-strategy.mjs, examples/zero-fill-strategy.mjs; docs/plugins.md).
import { definePlugin, RefusedError, z } from "vhdx-shrink";

export default definePlugin({
  name: "room-check",
  apiVersion: 1,
  description: "Refuses a disk whose filesystem has less free room than asked for; changes nothing",
  metadata: {
    reliability: "high",
    dataPreservation: "full",
    complexity: "low",
    requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["distro", "disk"] },
  },
  // No .default(): the option is required, and a run without it is told `room-check needs --room <percent>`.
  options: z.object({
    room: z.number().min(0).max(100).describe("free room the filesystem must keep, in percent").meta({ value: "percent" }),
  }),
  probe: async () => ({ available: true }),
  estimate: async (ctx, target) => {
    const a = await ctx.analyze(target);
    return { sizeAfter: a.fileSize, reclaimable: 0, tempSpace: 0, seconds: 1, exact: true, note: "changes nothing" };
  },
  plan: async (ctx, target) => {
    const { filesystem } = await ctx.analyze(target);
    const total = filesystem.totalBlocks * filesystem.blockSize;
    const free = total > 0 ? (100 * filesystem.freeBlocks * filesystem.blockSize) / total : 0;
    if (free < ctx.options.room) {
      throw new RefusedError(`room-check: ${target.name} has ${free.toFixed(1)}% free, less than the ${ctx.options.room}% asked for; free some space inside it first`);
    }
    return [{ description: `${target.name} keeps ${free.toFixed(1)}% free (at least ${ctx.options.room}% asked): nothing to do`, changes: false }];
  },
  // The older contract, still supported: steps without `run` plus a `run()` that does the whole work,
  // which the core runs as one step. New plugins give each step its own `run` (noop-strategy.mjs).
  run: async (ctx, target) => {
    const info = await ctx.host.fs.stat(target.path);
    const size = info?.size ?? 0;
    return { sizeBefore: size, sizeAfter: size, keptFiles: [], notes: ["room-check changes nothing"] };
  },
});
