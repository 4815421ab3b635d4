/**
 * The built-in strategies, in the order `compare` lists them. Each is written exactly as a
 * third-party plugin would be.
 * @module
 */
import type { StrategyPlugin } from "../mod.ts";
import { nativePlugin } from "./native/mod.ts";
import { exportImportPlugin } from "./export-import/mod.ts";
import { optimizeVhdPlugin } from "./optimize-vhd/mod.ts";
import { diskpartPlugin } from "./diskpart/mod.ts";
import { sparsePlugin } from "./sparse/mod.ts";
import { unregisterOnlyPlugin } from "./unregister-only/mod.ts";
import { wslCompactPlugin } from "./wsl-compact/mod.ts";

/** Built-in strategy plugins. */
export const builtInPlugins: StrategyPlugin[] = [nativePlugin, wslCompactPlugin, exportImportPlugin, optimizeVhdPlugin, diskpartPlugin, sparsePlugin, unregisterOnlyPlugin];
