/**
 * Writes the release's checksum file and package-manager manifests from the assets just built, so
 * every hash published is the hash of a file in `dist/`. The manifests point at the Windows `.zip`.
 * @module
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { BuildError } from "./build_error.ts";
import { formatScoopManifest, scoopManifest } from "./scoop.ts";
import { formatSha256Sums, sha256File } from "./sha256.ts";
import { formatWingetManifest, wingetManifests } from "./winget.ts";

/** Inputs of {@link writeManifests}. */
export interface WriteManifestsOptions {
  version: string;
  /** The Windows .zip the manifests point at. */
  windowsZip: string;
  /** Other release assets to list in SHA256SUMS (the bare .exe, the Linux binary and its archive). */
  otherAssets?: string[];
  /** Where SHA256SUMS, scoop/ and winget/ go (usually dist/). */
  outDir: string;
  /** Long description for winget (package.json "description"). */
  description?: string;
  /** Also rewrite this Scoop manifest (the bucket copy at the repository root: the release step). */
  rootScoopManifest?: string;
}

/** What {@link writeManifests} wrote. */
export interface WrittenManifests {
  /** Asset file name → SHA-256 (lower-case hex). */
  sums: Record<string, string>;
  /** Every file written, absolute or as given. */
  files: string[];
}

/** Hashes the assets and writes `SHA256SUMS`, `scoop/vhdx-shrink.json` and `winget/*.yaml` under `outDir`. */
export async function writeManifests(opts: WriteManifestsOptions): Promise<WrittenManifests> {
  const assets = [opts.windowsZip, ...(opts.otherAssets ?? [])];
  const missing = assets.filter((b) => !existsSync(b));
  if (missing.length) {
    throw new BuildError(`cannot write manifests: ${missing.join(", ")} not found: build the binaries first (drop --skip-compile)`);
  }
  const sums: Record<string, string> = {};
  for (const b of [...assets].sort((a, b) => basename(a).localeCompare(basename(b)))) sums[basename(b)] = await sha256File(b);
  const windowsZipSha256 = sums[basename(opts.windowsZip)];
  const files: string[] = [];
  const put = async (path: string, text: string) => {
    await writeFile(path, text);
    files.push(path);
  };

  await mkdir(join(opts.outDir, "scoop"), { recursive: true });
  await mkdir(join(opts.outDir, "winget"), { recursive: true });
  await put(join(opts.outDir, "SHA256SUMS"), formatSha256Sums(sums));
  const scoop = formatScoopManifest(scoopManifest({ version: opts.version, windowsZipSha256 }));
  await put(join(opts.outDir, "scoop", "vhdx-shrink.json"), scoop);
  if (opts.rootScoopManifest) await put(opts.rootScoopManifest, scoop);
  for (const m of wingetManifests({ version: opts.version, windowsZipSha256, description: opts.description })) {
    await put(join(opts.outDir, "winget", m.fileName), formatWingetManifest(m));
  }
  return { sums, files };
}
