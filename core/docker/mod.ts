/**
 * Docker Desktop control for the strategies: detect, stop gracefully, start again.
 * Strategies stop it before touching any disk because it holds its disks open.
 * @module
 */
export * from "./docker_desktop.ts";
