/**
 * vhdx-shrink's public API, for library users and strategy plugin authors.
 *
 * Plugin authors: a strategy is a plain object made with {@link definePlugin}; everything it may
 * use arrives in the {@link PluginContext} (its services: wsl, docker, disks, elevation, trim,
 * temp, quiesce; its own options in `ctx.options`, the run's settings in `ctx.run`). A plugin file
 * exports the plugin, or a factory receiving a {@link PluginApi}; either may throw the error
 * classes exported here ({@link RefusedError}…), which the CLI recognises across copies of this
 * package. The author's guide is docs/plugins.md, shipped in the package. Library users: run a strategy with {@link runStrategy}, which applies the same
 * pre-flight refusal, confirmation and data-loss gate as the CLI; the engines read and write VHDX
 * files and read ext4 allocation maps, doing I/O only through {@link BlockFile}.
 *
 * @example
 * import { definePlugin } from "vhdx-shrink";
 * export default definePlugin({ name: "mine", apiVersion: 1, description: "…", metadata, probe, estimate, plan, run });
 * @module
 */
export { definePlugin } from "./core/plugin/define_plugin.ts";
/** zod, for a strategy's `options` schema (the same instance the core validates with). */
export { z } from "zod";
export { PLUGIN_API_VERSION } from "./core/plugin/types.ts";
export type {
  Availability,
  DiskAnalysis,
  DiskTarget,
  DistroTarget,
  Estimate,
  Logger,
  PlanStep,
  PluginContext,
  PluginMetadata,
  PluginOptionsSchema,
  Progress,
  Requirements,
  RunOptions,
  RunReport,
  Step,
  StepContext,
  StrategyPlugin,
  Target,
  TargetKind,
} from "./core/plugin/types.ts";
export type {
  CompactOptions,
  DiskReader,
  DiskService,
  DiskShape,
  DiskWriter,
  DockerService,
  ElevationService,
  QuiesceService,
  TempService,
  TrimService,
  ListedDistro,
  Registration,
  Command,
  WslService,
} from "./core/plugin/services/mod.ts";
export { createPluginContext } from "./core/plugin/context.ts";
export type { ContextInputs } from "./core/plugin/context.ts";
export { prepareRun, runStrategy } from "./core/plugin/run_strategy.ts";
export type { Preparation, RunAnswers, RunHooks, RunOutcome } from "./core/plugin/run_strategy.ts";
export { compareTarget, recommend, strategyRows } from "./core/plugin/strategy_rows.ts";
export type { StrategyRow, TargetComparison } from "./core/plugin/strategy_rows.ts";
export { describeOptions } from "./core/plugin/plugin_options.ts";
export type { OptionInfo } from "./core/plugin/plugin_options.ts";
export type { Check } from "./core/plugin/preflight.ts";
export { formatBytes } from "./core/units.ts";
export { beginRun, endRun, isRunStamp, runIsLive } from "./core/hold/run_stamp.ts";
export type { RunStamp } from "./core/hold/run_stamp.ts";
export { targetInUse } from "./core/plugin/target_in_use.ts";
export { PluginRegistry } from "./core/plugin/registry.ts";
export { validatePlugin, InvalidPluginError } from "./core/plugin/validate_plugin.ts";
export { loadPluginFile, pluginApi } from "./core/plugin/load_plugin_file.ts";
/** What a plugin factory (`export default (api) => …`) receives: zod, definePlugin, the API version, every error class. */
export type { PluginApi } from "./core/plugin/load_plugin_file.ts";
export type { RegistryOptions } from "./core/plugin/registry.ts";
export type { Host, HostFs, ExecOptions, ExecResult, FileInfo } from "./core/host/host.ts";
export { detectHost } from "./core/host/detect.ts";
export { decodeCodePage, encodeCodePage } from "./core/host/code_page.ts";
export { ELEVATION_ABANDONED_EXIT_CODE, ELEVATION_CANCELLED_EXIT_CODE, ELEVATION_FAILED_EXIT_CODE, powershellArgs, PS_SYSTEM_MODULES_ONLY, psDecoded, psQuote, psTargetChecks, readVhdxIdentity, VHDX_CHECK_BYTES, vhdxIdentity } from "./core/host/elevation_script.ts";
export { crtCommandLine, quoteCrtArg } from "./core/host/crt_quote.ts";
export { openBlockFile, MemoryBlockFile } from "./core/io/block_file.ts";
export type { BlockFile, OpenMode } from "./core/io/block_file.ts";
export type { VirtualDisk } from "./core/io/virtual_disk.ts";
export { RawDisk } from "./core/io/virtual_disk.ts";
export * from "./core/errors.ts";
/** The first WSL release that gates sparse disks behind `--allow-unsafe` and knows the flag (docs/windows-facts.md §10). */
export { ALLOW_UNSAFE_VERSION } from "./core/wsl/sparse.ts";
export { VERSION } from "./core/version.ts";
export { openVhdx, createVhdx, describeVhdx, PayloadBlockState } from "./core/vhdx/mod.ts";
export type { Vhdx, VhdxWriter, CreateVhdxParams, VhdxDescription } from "./core/vhdx/mod.ts";
export { analyzeFilesystem } from "./core/fs/mod.ts";
export { freeRangesIn, isRangeUsed } from "./core/disk/mod.ts";
export type { FilesystemReport, UsedBlockMap } from "./core/disk/mod.ts";
export { compactFile, estimateNative } from "./core/compact/mod.ts";
export type { CompactFileOptions, CompactReport } from "./core/compact/mod.ts";
export { analyzeDisk } from "./core/analyze/analyze_disk.ts";
export { LocalFsTree, ncduExport, openDiskTree, scanUsage, usageReport } from "./core/usage/mod.ts";
export type { FsEntry, FsTree, UsageReport, UsageScan } from "./core/usage/mod.ts";
