/**
 * Where the ext filesystem lies on a disk: the format-neutral locator asked for ext signatures only.
 * @module
 */
import type { VirtualDisk } from "../io/virtual_disk.ts";
import { type Location, locateFilesystem as locateReadable } from "../disk/locate_filesystem.ts";

const EXT_ONLY = new Set(["ext"] as const);

/**
 * Locates the one ext filesystem on `disk` (whole disk or one partition); any other filesystem comes
 * back as `other`.
 * @example
 * const loc = await locateFilesystem(disk);
 * if (loc.kind === "readable") console.log(loc.offset);
 */
export function locateFilesystem(disk: VirtualDisk): Promise<Location> {
  return locateReadable(disk, EXT_ONLY);
}
