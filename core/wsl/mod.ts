/**
 * Typed wrappers over `wsl.exe`: list, version, shutdown, terminate, export, import, unregister,
 * sparse mode and trim, parsed from UTF-16LE output and recognised by exit and error codes.
 * @module
 */
export * from "./wsl_error.ts";
export * from "./run_wsl.ts";
export * from "./list.ts";
export * from "./version.ts";
export * from "./lifecycle.ts";
export * from "./transfer.ts";
export * from "./sparse.ts";
export * from "./trim.ts";
export * from "./default_uid.ts";
export * from "./trim_estimate.ts";
