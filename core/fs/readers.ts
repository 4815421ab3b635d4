/**
 * The registration point for filesystems: every reader this build knows. A second filesystem is one
 * new folder implementing `FilesystemReader` (core/disk/filesystem_reader.ts) and one line here.
 * @module
 */
import type { FilesystemReader } from "../disk/filesystem_reader.ts";
import { ext4Reader } from "../ext4/ext4_reader.ts";

/** The registered filesystem readers, tried by signature. */
export const FILESYSTEM_READERS: readonly FilesystemReader[] = [ext4Reader];
