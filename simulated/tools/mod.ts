/**
 * The emulated Windows programs (wsl, diskpart, PowerShell, fsutil, schtasks, …) that a simulated
 * host runs instead of the real ones, each behaving as docs/windows-behaviour.md records.
 * @module
 */
export { findTool, TOOLS } from "./find_tool.ts";
export { TOOL_NAMES, toolName } from "./tool_names.ts";
export type { ToolName } from "./tool_names.ts";
export type { Tool, ToolContext, ToolResult, ToolRunner } from "./tool.ts";
export { ToolTerminated } from "./tool.ts";
