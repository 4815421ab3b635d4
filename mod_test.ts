import { test } from "node:test";
import assert from "node:assert/strict";
import * as api from "./mod.ts";

test("the public API exposes the plugin helpers and the engines", () => {
  for (const name of ["definePlugin", "PluginRegistry", "validatePlugin", "loadPluginFile", "detectHost", "openBlockFile",
    "openVhdx", "createVhdx", "analyzeFilesystem", "compactFile", "analyzeDisk", "openDiskTree", "scanUsage", "UserFacingError", "VERSION"]) {
    assert.ok(name in api, name);
  }
  const p = { name: "x" } as unknown as api.StrategyPlugin;
  assert.equal(api.definePlugin(p), p);
});
