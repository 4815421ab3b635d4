// A malformed plugin, kept to show (and test) the message vhdx-shrink gives for one:
// its metadata.reliability is not one of high / medium / low.
export default {
  name: "broken",
  apiVersion: 1,
  description: "A plugin with a bad metadata field",
  metadata: {
    reliability: "excellent",
    dataPreservation: "full",
    complexity: "low",
    requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["disk"] },
  },
  probe: async () => ({ available: true }),
  estimate: async () => ({ sizeAfter: 0, reclaimable: 0, tempSpace: 0, seconds: 0, exact: false }),
  plan: async () => [],
  run: async () => ({ sizeBefore: 0, sizeAfter: 0, keptFiles: [], notes: [] }),
};
