/**
 * A third-party plugin file as an author would write it: one ES module whose default export is a
 * factory receiving the plugin API (a compiled binary has no node_modules to import from).
 * @module
 */

/** Source of the example plugin, to write as `example.mjs`. */
export const EXAMPLE_PLUGIN_SOURCE = `
export default (api) => api.definePlugin({
  name: "example",
  apiVersion: api.apiVersion,
  description: "An example third-party strategy that never runs.",
  metadata: {
    reliability: "low",
    dataPreservation: "full",
    complexity: "low",
    requirements: { admin: false, hyperV: false, windows: false, wslVersion: null, tempSpace: "none", targetKinds: ["disk"] },
  },
  probe: async () => ({ available: false, reason: "example plugin" }),
  estimate: async () => ({ sizeAfter: 0, reclaimable: 0, tempSpace: 0, seconds: 0, exact: false }),
  plan: async () => [],
  run: async () => { throw new Error("the example plugin does not run"); },
});
`;

/** What `plugins --json` lists; the fields the tests compare. */
export interface ListedPlugin {
  name: string;
  source: string;
  apiVersion: number;
  reliability: string;
}
