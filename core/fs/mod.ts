/**
 * The filesystems this build reads: the registered readers and the analysis that picks one by
 * signature. The format-neutral types it returns live in core/disk.
 * @module
 */
export { analyzeFilesystem, isReadableType } from "./analyze_filesystem.ts";
export { FILESYSTEM_READERS } from "./readers.ts";
