/**
 * The services a {@link PluginContext} offers a strategy: WSL, Docker Desktop, disks, elevation,
 * trim, temporary space and quiescing. Each is a thin facade over a core module, so a strategy
 * (built-in or third-party) never imports core/ itself.
 * @module
 */
export * from "./wsl_service.ts";
export * from "./docker_service.ts";
export * from "./disk_service.ts";
export * from "./elevation_service.ts";
export * from "./trim_service.ts";
export * from "./temp_service.ts";
export * from "./quiesce_service.ts";
