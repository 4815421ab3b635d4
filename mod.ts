/**
 * vhdx-shrink's public API, for library users and strategy plugin authors.
 *
 * Plugin authors: a strategy is a plain object made with {@link definePlugin}; everything it may
 * use arrives in the {@link PluginContext}. Library users: the engines read and write VHDX files
 * and read ext4 allocation maps, doing I/O only through {@link BlockFile}.
 *
 * @example
 * import { definePlugin } from "vhdx-shrink";
 * export default definePlugin({ name: "mine", apiVersion: 1, description: "…", metadata, probe, estimate, plan, run });
 * @module
 */
export { definePlugin } from "./core/plugin/define_plugin.ts";
export { PLUGIN_API_VERSION } from "./core/plugin/types.ts";
export type {
  Availability,
  DiskAnalysis,
  Estimate,
  Logger,
  PlanStep,
  PluginContext,
  PluginMetadata,
  Progress,
  Requirements,
  RunReport,
  StrategyPlugin,
  Target,
  TargetKind,
} from "./core/plugin/types.ts";
export { PluginRegistry } from "./core/plugin/registry.ts";
export { validatePlugin, InvalidPluginError } from "./core/plugin/validate_plugin.ts";
export { loadPluginFile } from "./core/plugin/load_plugin_file.ts";
export type { Host, HostFs, ExecOptions, ExecResult, FileInfo } from "./core/host/host.ts";
export { detectHost } from "./core/host/detect.ts";
export { openBlockFile, MemoryBlockFile } from "./core/io/block_file.ts";
export type { BlockFile, OpenMode } from "./core/io/block_file.ts";
export type { VirtualDisk } from "./core/io/virtual_disk.ts";
export { RawDisk } from "./core/io/virtual_disk.ts";
export * from "./core/errors.ts";
export { VERSION } from "./core/version.ts";
export { openVhdx, createVhdx, describeVhdx, PayloadBlockState } from "./core/vhdx/mod.ts";
export type { Vhdx, VhdxWriter, CreateVhdxParams, VhdxDescription } from "./core/vhdx/mod.ts";
export { analyzeFilesystem, isRangeUsed, freeRangesIn } from "./core/ext4/mod.ts";
export type { FilesystemReport, UsedBlockMap } from "./core/ext4/mod.ts";
export { compactFile, estimateNative } from "./core/compact/mod.ts";
export type { CompactFileOptions, CompactReport } from "./core/compact/mod.ts";
export { analyzeDisk } from "./core/analyze/analyze_disk.ts";
