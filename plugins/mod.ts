/**
 * The built-in strategies, in the order `compare` lists them. Each is written exactly as a
 * third-party plugin would be.
 * @module
 */
import type { StrategyPlugin } from "../core/plugin/types.ts";
import { nativePlugin } from "./native/mod.ts";

/** Built-in strategy plugins. */
export const builtInPlugins: StrategyPlugin[] = [nativePlugin];
