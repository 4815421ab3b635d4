/**
 * Writes the bundled sample disk (a real ext4 VHDX with deleted data) to a file.
 * @module
 */
import { gunzipSync } from "node:zlib";
import { writeFile } from "node:fs/promises";
import { SAMPLE_DISK_GZ_BASE64 } from "./sample_disk.ts";

/** Decompresses the sample VHDX into `path` (about 49 MiB). */
export async function writeSampleDisk(path: string): Promise<void> {
  const gz = Uint8Array.from(atob(SAMPLE_DISK_GZ_BASE64), (c) => c.charCodeAt(0));
  await writeFile(path, gunzipSync(gz));
}
