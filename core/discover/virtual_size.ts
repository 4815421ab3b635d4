/**
 * Reads a VHDX's virtual size with the VHDX engine (core/vhdx), read-only and without replaying
 * anything to disk. Returns null when the file cannot be opened (locked by a running VM) or parsed.
 * @module
 */
import type { Host } from "../host/host.ts";
import { openVhdx } from "../vhdx/mod.ts";

/** Reads the virtual size of the VHDX at `path`; null when unknown. */
export type VirtualSizeReader = (host: Host, path: string) => Promise<number | null>;

/** The default reader: open read-only, read the metadata, close. */
export const readVirtualSize: VirtualSizeReader = async (host, path) => {
  let file;
  try {
    file = await host.fs.open(path, "read");
  } catch {
    return null;
  }
  try {
    return (await openVhdx(file, { log: "replay-in-memory" })).virtualSize;
  } catch {
    return null;
  } finally {
    await file.close();
  }
};
