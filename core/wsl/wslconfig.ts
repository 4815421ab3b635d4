/**
 * `%USERPROFILE%\.wslconfig`, the settings that matter for disk size: `[experimental] sparseVhd`
 * (new disks are created sparse; WSL has had corruption reports, docs/research.md §2.2) and
 * `[wsl2] defaultVhdSize` (maximum size of new disks; learn.microsoft.com "Advanced settings
 * configuration in WSL"). An INI file: `[section]`, `key=value`, `#` or `;` comments; WSL compares
 * section and key names case-insensitively.
 * @module
 */
import type { Host } from "../host/host.ts";
import { parseSize } from "../units.ts";

/** File name in the user profile. */
export const WSLCONFIG_FILE = ".wslconfig";

/** Sections and keys, lower-cased names. */
export type WslConfig = Record<string, Record<string, string>>;

/**
 * Parses the INI text.
 * @example
 * ```ts
 * parseWslConfig("[experimental]\nsparseVhd=true").experimental.sparsevhd; // "true"
 * ```
 */
export function parseWslConfig(text: string): WslConfig {
  const config: WslConfig = {};
  let section = "";
  for (const raw of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const head = /^\[([^\]]+)\]$/.exec(line);
    if (head) {
      section = head[1].trim().toLowerCase();
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const value = line.slice(eq + 1).replace(/\s[#;].*$/, "").trim().replace(/^"(.*)"$/, "$1");
    (config[section] ??= {})[line.slice(0, eq).trim().toLowerCase()] = value;
  }
  return config;
}

/** The disk-related settings found. */
export interface WslDiskSettings {
  path: string;
  exists: boolean;
  /** `sparseVhd` (experimental, or wsl2 in newer releases); null when not set. */
  sparseVhd: boolean | null;
  /** `defaultVhdSize` in bytes; null when not set or unreadable. */
  defaultVhdSize: number | null;
  /** Raw value, as written. */
  defaultVhdSizeText: string | null;
}

/** Reads the disk settings of `%USERPROFILE%\.wslconfig`. */
export async function readWslDiskSettings(host: Host): Promise<WslDiskSettings | null> {
  const profile = host.env("USERPROFILE");
  if (!profile) return null;
  const path = host.path.join(profile, WSLCONFIG_FILE);
  if (!(await host.fs.exists(path))) return { path, exists: false, sparseVhd: null, defaultVhdSize: null, defaultVhdSizeText: null };
  const c = parseWslConfig(await host.fs.readText(path));
  const sparse = c.experimental?.sparsevhd ?? c.wsl2?.sparsevhd;
  const size = c.wsl2?.defaultvhdsize ?? null;
  return {
    path, exists: true,
    sparseVhd: sparse === undefined ? null : /^true$/i.test(sparse),
    // A bare number is bytes in WSL's parser; units are binary (GB = GiB) as elsewhere in .wslconfig.
    defaultVhdSize: size === null ? null : parseSize(size),
    defaultVhdSizeText: size,
  };
}
