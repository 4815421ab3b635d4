/**
 * Discovery of shrinkable disks: WSL distros (registry + wsl.exe) and Docker Desktop's disks in
 * every layout. Works on any Windows host, real or simulated; returns nothing elsewhere.
 * @module
 */
export { discoverTargets, wslEncoding } from "./discover_targets.ts";
export type { DiscoverOptions } from "./discover_targets.ts";
export type { DiscoveredTarget, Discovery } from "./types.ts";
export { readRegisteredDistros } from "./wsl_registry.ts";
export type { RegisteredDistro } from "./wsl_registry.ts";
export { findDockerDisks, dockerCustomDir } from "./docker_disks.ts";
export { DOCKER_CUSTOM_DISKS, DOCKER_LOCALAPPDATA_DISKS, DOCKER_SETTINGS } from "./docker_layouts.ts";
export { readVirtualSize } from "./virtual_size.ts";
export type { VirtualSizeReader } from "./virtual_size.ts";
