/**
 * Who we are to the package managers: names, URLs and the release asset layout. One place, so the
 * Scoop and winget manifests and the release page never disagree.
 * @module
 */

/** GitHub owner/name of the project. */
export const REPOSITORY = "vhdx-shrink/vhdx-shrink";
/** Project home page. */
export const HOMEPAGE = `https://github.com/${REPOSITORY}`;
/** The command users type; also the file name Scoop and winget install the .exe as. */
export const COMMAND = "vhdx-shrink";
/** winget identifier: `Publisher.Package` (winget-pkgs folder manifests/v/vhdx-shrink/vhdx-shrink/). */
export const WINGET_IDENTIFIER = "vhdx-shrink.vhdx-shrink";
/** Publisher shown by winget. */
export const PUBLISHER = "vhdx-shrink";
/** SPDX license id (package.json "license"). */
export const LICENSE = "MIT";
/** One line for `scoop search` / `winget search` (both show about 100 characters). */
export const SHORT_DESCRIPTION = "Shrink WSL2 and Docker Desktop VHDX files safely, with a native ext4-aware compactor.";
/** winget search terms: at most 16, each 1-40 characters without spaces (manifest.defaultLocale.1.10.0 "Tag"). */
export const TAGS = ["wsl", "wsl2", "docker", "vhdx", "disk", "compact", "shrink", "hyper-v"];

/**
 * Release asset names, as `build.ts` writes them into `dist/`. Users (and Scoop and winget) download
 * the archives: about half the size of the bare binaries, which are uploaded too.
 */
export const ASSETS = {
  windows: "vhdx-shrink-windows-x64.exe",
  linux: "vhdx-shrink-linux-x64",
  windowsZip: "vhdx-shrink-windows-x64.zip",
  linuxTarGz: "vhdx-shrink-linux-x64.tar.gz",
  sums: "SHA256SUMS",
} as const;

/** Names of the programs inside the archives. */
export const ARCHIVED_NAMES = { windows: `vhdx-shrink.exe`, linux: "vhdx-shrink" } as const;

/** Download URL of a release asset; `version` may be Scoop's `$version` placeholder. */
export function releaseUrl(version: string, asset: string): string {
  return `${HOMEPAGE}/releases/download/v${version}/${asset}`;
}
