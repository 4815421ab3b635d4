/**
 * Entry module of the compiled binaries (`bun build --compile`, packaging/compile.ts): embeds the
 * sample disks (the distro's and the Docker-shaped one) in the executable (Bun's file import: the path it gives is readable with node:fs inside
 * the binary) and runs the CLI. Only Bun understands `with { type: "file" }`, so nothing else imports
 * this file; Node, Deno and the npm package read the sample from disk (samples/write_sample_disk.ts).
 * @module
 */
// @ts-ignore: Bun-only import attribute; tsc has no type for a .gz module.
import embeddedSample from "../samples/sample-distro.vhdx.gz" with { type: "file" };
// @ts-ignore: Bun-only import attribute; tsc has no type for a .gz module.
import embeddedDockerSample from "../samples/sample-docker.vhdx.gz" with { type: "file" };
import { main } from "../cli/main.ts";
import { useEmbeddedSample } from "../samples/write_sample_disk.ts";

useEmbeddedSample(embeddedSample as string, embeddedDockerSample as string);
process.exitCode = await main(process.argv.slice(2));
