/**
 * The zod schema every plugin is validated against when it registers, built-in or third-party.
 * @module
 */
import { z } from "zod";
import { PLUGIN_API_VERSION } from "./types.ts";

const fn = z.custom<(...args: unknown[]) => unknown>((v) => typeof v === "function", { message: "must be a function" });

/** Schema of {@link PluginMetadata}. */
export const metadataSchema = z.object({
  reliability: z.enum(["high", "medium", "low"]),
  dataPreservation: z.enum(["full", "none"]),
  complexity: z.enum(["low", "medium", "high"]),
  requirements: z.object({
    admin: z.boolean(),
    hyperV: z.boolean(),
    windows: z.boolean(),
    wslVersion: z.string().regex(/^\d+(\.\d+){0,3}$/).nullable(),
    tempSpace: z.enum(["none", "used-data", "file-size"]),
    targetKinds: z.array(z.enum(["distro", "disk"])).min(1),
  }),
});

/** Schema of a whole {@link StrategyPlugin}. */
export const pluginSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, "must be lower-case letters, digits and dashes (2-40 chars)"),
  apiVersion: z.literal(PLUGIN_API_VERSION),
  description: z.string().min(1).max(200),
  metadata: metadataSchema,
  options: z.custom<unknown>((v) => v === undefined || (typeof v === "object" && v !== null && "shape" in v && typeof (v as { safeParse?: unknown }).safeParse === "function"), {
    message: "must be a zod object (zod.object({...}) from the plugin api or ctx.zod)",
  }).optional(),
  probe: fn,
  estimate: fn,
  plan: fn,
  measure: z.enum(["length", "allocated"]).optional(),
  run: fn.optional(),
});
