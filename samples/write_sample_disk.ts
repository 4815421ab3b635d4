/**
 * Writes the bundled sample disk (a real ext4 VHDX with deleted data, `samples/sample-distro.vhdx.gz`,
 * made by samples/make-sample.sh) to a file.
 *
 * Where the gzip'd sample is read from: beside this module when running from source (Node, Deno,
 * Bun) and from the npm package (the build copies it beside the compiled JavaScript); inside the
 * executable for the compiled binaries, whose entry (packaging/binary_entry.ts) embeds the file and
 * hands its path to {@link useEmbeddedSample}.
 * @module
 */
import { gunzipSync } from "node:zlib";
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** File name of the gzip'd sample, beside this module. */
export const SAMPLE_FILE_NAME = "sample-distro.vhdx.gz";

let embedded: string | undefined;

/** Makes {@link samplePath} return `path`: the compiled binary's embedded copy of the sample. */
export function useEmbeddedSample(path: string): void {
  embedded = path;
}

/** Where the gzip'd sample is read from. */
export function samplePath(): string {
  return embedded ?? fileURLToPath(new URL(`./${SAMPLE_FILE_NAME}`, import.meta.url));
}

/** Decompresses the sample VHDX into `path` (about 49 MiB). */
export async function writeSampleDisk(path: string): Promise<void> {
  await writeFile(path, gunzipSync(await readFile(samplePath())));
}
