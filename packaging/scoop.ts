/**
 * The Scoop bucket manifest (schema: ScoopInstaller/Scoop schema.json; modelled on
 * ScoopInstaller/Main bucket/jq.json: one portable .exe renamed through the URL's `#/name.exe`).
 * @module
 */
import { ASSETS, COMMAND, HOMEPAGE, LICENSE, SHORT_DESCRIPTION, releaseUrl } from "./package_info.ts";

/** What varies between releases. */
export interface ScoopRelease {
  version: string;
  /** SHA-256 of the Windows .exe, lower-case hex. */
  windowsSha256: string;
}

/** Scoop manifest object, fields in the order bucket manifests use. */
export interface ScoopManifest {
  version: string;
  description: string;
  homepage: string;
  license: string;
  architecture: { "64bit": { url: string; hash: string } };
  bin: string;
  checkver: { github: string };
  autoupdate: { architecture: { "64bit": { url: string } }; hash: { url: string } };
}

// Scoop renames the download to what follows "#/" (Scoop docs "App Manifests": url fragment).
const exeUrl = (version: string) => `${releaseUrl(version, ASSETS.windows)}#/${COMMAND}.exe`;

/**
 * Builds the manifest for one release. `checkver.github` finds new tags (`v1.2.3`); `autoupdate`
 * rewrites the URL and reads the new hash from the release's SHA256SUMS (sha256sum format).
 * @example
 * scoopManifest({ version: "0.1.0", windowsSha256: "ab".repeat(32) }).bin; // "vhdx-shrink.exe"
 */
export function scoopManifest(release: ScoopRelease): ScoopManifest {
  return {
    version: release.version,
    description: SHORT_DESCRIPTION,
    homepage: HOMEPAGE,
    license: LICENSE,
    architecture: { "64bit": { url: exeUrl(release.version), hash: release.windowsSha256.toLowerCase() } },
    bin: `${COMMAND}.exe`,
    checkver: { github: HOMEPAGE },
    autoupdate: {
      architecture: { "64bit": { url: exeUrl("$version") } },
      hash: { url: releaseUrl("$version", ASSETS.sums) },
    },
  };
}

/** Serializes like Scoop's own buckets: 4-space JSON with a final newline. */
export function formatScoopManifest(manifest: ScoopManifest): string {
  return JSON.stringify(manifest, null, 4) + "\n";
}
