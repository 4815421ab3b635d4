// An example third-party strategy plugin: a single-file ES module, loaded with
//   vhdx-shrink --plugin examples/noop-strategy.mjs plugins
// It imports nothing: a compiled vhdx-shrink has no node_modules, so the factory receives zod and
// definePlugin from the host program. It never changes anything, which makes it a safe template.
// Its plan is steps: the dry run prints them and the core runs them (see CONTRIBUTING.md).
export default ({ definePlugin }) =>
  definePlugin({
    name: "report-only",
    apiVersion: 1,
    description: "Reports the disk's numbers and changes nothing (template for plugin authors)",
    metadata: {
      reliability: "high",
      dataPreservation: "full",
      complexity: "low",
      requirements: {
        admin: false,
        hyperV: false,
        windows: false,
        wslVersion: null,
        tempSpace: "none",
        targetKinds: ["distro", "disk"],
      },
    },
    probe: async () => ({ available: true }),
    estimate: async (ctx, target) => {
      const a = await ctx.analyze(target);
      return { sizeAfter: a.fileSize, reclaimable: 0, tempSpace: 0, seconds: 1, exact: true, note: "changes nothing" };
    },
    // The plan is the program: each step is what the dry run prints and, in `run`, what the core
    // executes. The core measures the sizes before and after and collects the notes.
    plan: async (_ctx, target) => [
      {
        description: `read ${target.path} and report its size`,
        changes: false,
        run: async (step) => step.note("nothing was changed"),
      },
    ],
  });
