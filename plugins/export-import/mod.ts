/**
 * The export-import strategy: export the distro to a tar, verify it, import it into a temporary
 * distro and swap the new, compact disk under the original registration (or, with `--reimport`,
 * unregister and import). The new disk holds only the files, so the gain is everything not in use.
 * Elevated runs get a warning (elevation.ts).
 * @module
 */
import { definePlugin, z } from "../../mod.ts";
import type { StrategyPlugin } from "../../mod.ts";
import { usedData, VHDX_OVERHEAD } from "./job.ts";
import { exportImportSteps } from "./steps.ts";

/** Export plus import throughput, bytes per second (tar through the 9P/VM boundary; measured ~60-120 MB/s). */
export const EXPORT_IMPORT_BYTES_PER_SECOND = 60 * 1024 * 1024;

/** The options of the export-import strategy. */
export const exportImportOptions = z.object({
  exportPath: z.string().optional().describe("where the temporary tar goes (default: %TEMP%)").meta({ value: "dir" }),
  keepExport: z.boolean().default(false).describe("keep the tar afterwards"),
  reimport: z.boolean().default(false).describe("unregister and import instead of swapping the disk file"),
});

/** The export-import strategy plugin. */
export const exportImportPlugin: StrategyPlugin = definePlugin({
  name: "export-import",
  apiVersion: 1,
  description: "Export the distro to a tar, verify it, import it fresh and swap the new disk in (keeps name and default user)",
  metadata: {
    reliability: "medium",
    dataPreservation: "full",
    complexity: "medium",
    requirements: { admin: false, hyperV: false, windows: true, wslVersion: null, tempSpace: "used-data", targetKinds: ["distro"] },
  },
  options: exportImportOptions,
  probe: () => Promise.resolve({ available: true }),
  async estimate(ctx, target) {
    const { usedBytes, fileSize } = await usedData(ctx, target);
    const data = usedBytes ?? fileSize;
    const sizeAfter = Math.min(fileSize, data + VHDX_OVERHEAD);
    return {
      sizeAfter,
      reclaimable: fileSize - sizeAfter,
      // The tar, plus the new disk while the old one still exists.
      tempSpace: data + sizeAfter,
      // Pre-flight checks the volume the tar goes to (the folder above --export-path, which exists).
      ...(ctx.options.exportPath !== undefined ? { tempDir: ctx.host.path.dirname(String(ctx.options.exportPath)) } : {}),
      seconds: Math.ceil((2 * data) / EXPORT_IMPORT_BYTES_PER_SECOND) + 10,
      exact: false,
      note: usedBytes === null ? "used data unknown" : "used data + overhead",
    };
  },
  plan: (ctx, target) => Promise.resolve(exportImportSteps(ctx, target)),
});
