// A third-party strategy that does real work, written only against what it is handed:
//   vhdx-shrink --plugin examples/zero-fill-strategy.mjs --strategy zero-fill --target disk.vhdx --output small.vhdx --yes
// "Zero-fill only": copy the VHDX into a new file, dropping every payload block that reads as all
// zeros (e.g. after `dd if=/dev/zero` inside the guest, or zero-filled free space) and keeping every
// other block byte for byte. It needs no filesystem knowledge, so it works on any guest filesystem.
// Everything comes from the factory's `api` (zod, definePlugin, error types), from `ctx`
// (ctx.analyze, ctx.disks.read / write / verify, ctx.options) and from what each step is handed
// (step.signal, step.progress, step.note, step.keep, step.resultAt): no imports, so it also loads
// into the compiled vhdx-shrink.exe, which has no node_modules.
export default ({ definePlugin, zod, errors }) => {
  const isAllZero = (bytes) => {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
    for (let i = 0; i < words.length; i++) if (words[i] !== 0) return false;
    for (let i = words.length * 4; i < bytes.length; i++) if (bytes[i] !== 0) return false;
    return true;
  };

  return definePlugin({
    name: "zero-fill",
    apiVersion: 1,
    description: "Copy the disk into a new VHDX without its all-zero blocks (any filesystem; the source is only read)",
    metadata: {
      reliability: "high",
      dataPreservation: "full",
      complexity: "low",
      requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "file-size", targetKinds: ["distro", "disk"] },
    },
    // Its own option: the CLI turns it into a flag (shared with native's --output, which means the same).
    options: zod.object({
      output: zod.string().optional().describe("write the compacted disk to this new file"),
    }),
    probe: async () => ({ available: true }),
    async estimate(ctx, target) {
      const a = await ctx.analyze(target);
      const sizeAfter = a.zeroDropSizeAfter ?? a.fileSize;
      return { sizeAfter, reclaimable: a.fileSize - sizeAfter, tempSpace: sizeAfter, seconds: Math.ceil(a.allocatedBytes / 2e8), exact: a.zeroDropSizeAfter !== null, note: "all-zero blocks only" };
    },
    // The plan is the program: the dry run prints these steps and the core runs them, in order. The
    // core refuses a running target (nothing here stops it), checks that the disk exists, measures
    // the sizes (the copy's, as `resultAt` says) and reports the notes and kept files.
    plan: async (ctx, target) => {
      const { output } = ctx.options;
      let dropped = 0, kept = 0;
      return [
        { description: `check that nothing holds ${target.path} (distro stopped, Docker Desktop quit)`, changes: false },
        {
          description: `copy every block that is not all zeros into ${output ?? "the file given with --output"} (written as .partial, renamed when complete)`,
          changes: true,
          leaves: `${target.path} is unchanged and the partial copy was removed`,
          async run(step) {
            if (!output) throw new errors.RefusedError("zero-fill writes a new file: give it with --output; nothing was changed");
            await ctx.disks.read(target.path, async (source) => {
              step.progress.phase(`copying the non-zero blocks of ${target.path}`, source.blockCount * source.blockSize);
              await ctx.disks.write(output, source, async (copy) => {
                for (let i = 0; i < source.blockCount; i++) {
                  if (step.signal.aborted) throw new errors.InterruptedError(`interrupted: ${target.path} is unchanged and the partial copy was removed`);
                  const block = await source.readBlock(i);
                  if (block && !isAllZero(block)) {
                    await copy.writeBlock(i, block);
                    kept++;
                  } else if (block) dropped++;
                  step.progress.update((i + 1) * source.blockSize);
                }
              });
            });
            step.keep(output);
            step.resultAt(output);
          },
        },
        {
          description: "open the new file as a VHDX to check it",
          changes: false,
          async run(step) {
            await ctx.disks.verify(output);
            step.note(`kept ${kept} blocks, dropped ${dropped} all-zero blocks; ${target.path} was only read`);
          },
        },
      ];
    },
  });
};
