/**
 * The Scoop bucket manifest (schema: ScoopInstaller/Scoop schema.json, vendor/schemas/scoop). It
 * downloads the release's `.zip`, which Scoop extracts by itself (Scoop docs "App Manifests": url,
 * extraction of .zip), and shims the `vhdx-shrink.exe` inside it.
 * @module
 */
import { ARCHIVED_NAMES, ASSETS, HOMEPAGE, LICENSE, SHORT_DESCRIPTION, releaseUrl } from "./package_info.ts";

/** What varies between releases. */
export interface ScoopRelease {
  version: string;
  /** SHA-256 of the Windows .zip, lower-case hex. */
  windowsZipSha256: string;
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

const zipUrl = (version: string) => releaseUrl(version, ASSETS.windowsZip);

/**
 * Builds the manifest for one release. `checkver.github` finds new tags (`v1.2.3`); `autoupdate`
 * rewrites the URL and reads the new hash from the release's SHA256SUMS (sha256sum format).
 * @example
 * scoopManifest({ version: "0.1.0", windowsZipSha256: "ab".repeat(32) }).bin; // "vhdx-shrink.exe"
 */
export function scoopManifest(release: ScoopRelease): ScoopManifest {
  return {
    version: release.version,
    description: SHORT_DESCRIPTION,
    homepage: HOMEPAGE,
    license: LICENSE,
    architecture: { "64bit": { url: zipUrl(release.version), hash: release.windowsZipSha256.toLowerCase() } },
    bin: ARCHIVED_NAMES.windows,
    checkver: { github: HOMEPAGE },
    autoupdate: {
      architecture: { "64bit": { url: zipUrl("$version") } },
      hash: { url: releaseUrl("$version", ASSETS.sums) },
    },
  };
}

/** Serializes like Scoop's own buckets: 4-space JSON with a final newline. */
export function formatScoopManifest(manifest: ScoopManifest): string {
  return JSON.stringify(manifest, null, 4) + "\n";
}
