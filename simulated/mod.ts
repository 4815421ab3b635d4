/**
 * The simulated Windows host: an emulated machine (registry, WSL, Docker Desktop, Hyper-V, diskpart)
 * over real files, for tests, the demo and the Wine suite. Emulated tools are exported for wrappers.
 * @module
 */
export { SimulatedHost, TERMINATED_EXIT_CODE } from "./simulated_host.ts";
export type { SimDistroSpec, SimDockerSpec, SimulatedHostOptions } from "./build.ts";
export { buildMachine, profileEnv } from "./build.ts";
export type { MachineProfile, StrategyName } from "./profiles.ts";
export { ALL_STRATEGIES, MACHINE_PROFILES, machineProfile, profilesFor, wineProfilesFor } from "./profiles.ts";
export type { Machine, RegistryStore } from "./machine.ts";
export { StateDirMachine } from "./state_dir_machine.ts";
export type { Faults, SimLocale, SimState } from "./state.ts";
export { FAULT_NAMES, LXSS_KEY } from "./state.ts";
export { findTool, TOOLS } from "./tools/mod.ts";
export type { Tool, ToolContext, ToolResult } from "./tools/mod.ts";
export { toRealPath } from "./win_path.ts";
