/**
 * The three winget manifests of a release (multi-file format, ManifestVersion 1.10.0; modelled on
 * microsoft/winget-pkgs manifests/j/jqlang/jq/1.8.1/): version, installer and default locale. The
 * installer is the release's `.zip` holding a portable `.exe` (InstallerType zip,
 * NestedInstallerType portable, NestedInstallerFiles with its PortableCommandAlias: winget-cli
 * doc/manifest/schema/1.10.0/installer.md).
 * @module
 */
import {
  ARCHIVED_NAMES, ASSETS, COMMAND, HOMEPAGE, LICENSE, PUBLISHER, SHORT_DESCRIPTION, TAGS, WINGET_IDENTIFIER, releaseUrl,
} from "./package_info.ts";
import { toYaml } from "./yaml.ts";
import type { YamlValue } from "./yaml.ts";

/** The manifest schema version these files follow. */
export const WINGET_MANIFEST_VERSION = "1.10.0";
/** Locale of the default locale manifest. */
export const WINGET_DEFAULT_LOCALE = "en-US";

/** What varies between releases. */
export interface WingetRelease {
  version: string;
  /** SHA-256 of the Windows .zip (any case; winget-pkgs writes upper-case). */
  windowsZipSha256: string;
  /** Long description (package.json "description"). */
  description?: string;
}

/** One manifest: its winget-pkgs file name, its type, and its content. */
export interface WingetManifest {
  fileName: string;
  type: "version" | "installer" | "defaultLocale";
  content: { [key: string]: YamlValue };
}

/**
 * Builds the three manifests, in the file names winget-pkgs expects beside each other.
 * @example
 * wingetManifests({ version: "0.1.0", windowsZipSha256: "ab".repeat(32) }).map((m) => m.fileName);
 * // ["vhdx-shrink.vhdx-shrink.yaml", "vhdx-shrink.vhdx-shrink.installer.yaml", "vhdx-shrink.vhdx-shrink.locale.en-US.yaml"]
 */
export function wingetManifests(release: WingetRelease): WingetManifest[] {
  const id = { PackageIdentifier: WINGET_IDENTIFIER, PackageVersion: release.version };
  const tail = (type: string) => ({ ManifestType: type, ManifestVersion: WINGET_MANIFEST_VERSION });
  return [
    {
      fileName: `${WINGET_IDENTIFIER}.yaml`,
      type: "version",
      content: { ...id, DefaultLocale: WINGET_DEFAULT_LOCALE, ...tail("version") },
    },
    {
      fileName: `${WINGET_IDENTIFIER}.installer.yaml`,
      type: "installer",
      content: {
        ...id,
        InstallerType: "zip",
        NestedInstallerType: "portable",
        NestedInstallerFiles: [{ RelativeFilePath: ARCHIVED_NAMES.windows, PortableCommandAlias: COMMAND }],
        Commands: [COMMAND],
        Installers: [{
          Architecture: "x64",
          InstallerUrl: releaseUrl(release.version, ASSETS.windowsZip),
          InstallerSha256: release.windowsZipSha256.toUpperCase(),
        }],
        ...tail("installer"),
      },
    },
    {
      fileName: `${WINGET_IDENTIFIER}.locale.${WINGET_DEFAULT_LOCALE}.yaml`,
      type: "defaultLocale",
      content: {
        ...id,
        PackageLocale: WINGET_DEFAULT_LOCALE,
        Publisher: PUBLISHER,
        PublisherUrl: `https://github.com/${PUBLISHER}`,
        PublisherSupportUrl: `${HOMEPAGE}/issues`,
        PackageName: COMMAND,
        PackageUrl: HOMEPAGE,
        License: LICENSE,
        LicenseUrl: `${HOMEPAGE}/blob/main/LICENSE`,
        ShortDescription: SHORT_DESCRIPTION,
        Description: release.description,
        Moniker: COMMAND,
        Tags: TAGS,
        ReleaseNotesUrl: `${HOMEPAGE}/releases/tag/v${release.version}`,
        ...tail("defaultLocale"),
      },
    },
  ];
}

/** Serializes a manifest with the schema comment winget-pkgs files carry (editors validate with it). */
export function formatWingetManifest(manifest: WingetManifest): string {
  const schema = `https://aka.ms/winget-manifest.${manifest.type}.${WINGET_MANIFEST_VERSION}.schema.json`;
  return toYaml(manifest.content, ["Created by vhdx-shrink build.ts", `yaml-language-server: $schema=${schema}`]);
}
