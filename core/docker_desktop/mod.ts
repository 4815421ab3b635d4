/**
 * Docker Desktop control for the strategies: detect, stop gracefully, start again, and stop its
 * Windows service when that still holds a disk. Strategies stop it before touching any disk because
 * it holds its disks open.
 * @module
 */
export * from "./docker_desktop.ts";
export * from "./docker_desktop_service.ts";
