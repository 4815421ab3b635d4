/**
 * The disk format the compactor opens and writes: the one place core/compact names a format.
 * Everything else in this folder works on the {@link DiskFormat} / `DiskImage` port (core/disk).
 * @module
 */
import type { DiskFormat } from "../disk/disk_image.ts";
import { vhdxFormat } from "../vhdx/vhdx_format.ts";

/** The format of the disks the compactor handles (WSL and Docker Desktop use VHDX). */
export const IMAGE_FORMAT: DiskFormat = vhdxFormat;
