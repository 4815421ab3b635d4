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
let embeddedDocker: string | undefined;

/** Makes {@link samplePath} return `path`: the compiled binary's embedded copy of the sample (and of the Docker-shaped one). */
export function useEmbeddedSample(path: string, dockerPath?: string): void {
  embedded = path;
  embeddedDocker = dockerPath;
}

/** Where the gzip'd sample is read from. */
export function samplePath(): string {
  return embedded ?? fileURLToPath(new URL(`./${SAMPLE_FILE_NAME}`, import.meta.url));
}

/** Decompresses the sample VHDX into `path` (about 49 MiB). */
export async function writeSampleDisk(path: string): Promise<void> {
  await writeFile(path, gunzipSync(await readFile(samplePath())));
}

/** File name of the gzip'd Docker-shaped sample (made by samples/make_docker_sample.ts), beside this module. */
export const DOCKER_SAMPLE_FILE_NAME = "sample-docker.vhdx.gz";

/**
 * Decompresses the Docker-shaped sample (Docker Desktop's data disk: images sharing layers, a
 * container with a big json-file log, volumes, build cache) into `path` (about 135 MiB). Where it
 * is not shipped the distro sample is written instead.
 * @returns whether the Docker-shaped sample was written
 */
export async function writeDockerSampleDisk(path: string): Promise<boolean> {
  let gz: Uint8Array;
  try {
    if (embedded && !embeddedDocker) throw new Error("this binary embeds the distro sample only");
    gz = await readFile(embeddedDocker ?? fileURLToPath(new URL(`./${DOCKER_SAMPLE_FILE_NAME}`, import.meta.url)));
  } catch {
    await writeSampleDisk(path);
    return false;
  }
  await writeFile(path, gunzipSync(gz));
  return true;
}
