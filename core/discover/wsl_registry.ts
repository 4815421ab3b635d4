/**
 * WSL's distro registrations read through the host registry:
 * `HKCU\Software\Microsoft\Windows\CurrentVersion\Lxss\{GUID}` (docs/research.md §3).
 * @module
 */
import type { Host } from "../host/host.ts";

/** The registry key holding one subkey per distro. */
export const LXSS_KEY = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss";
/** `Flags` bit of a WSL2 distro. */
export const FLAG_WSL2 = 0x8;
/** Disk name when `VhdFileName` is absent. */
export const DEFAULT_VHD_FILE_NAME = "ext4.vhdx";
/** Prefix some WSL versions store in BasePath. */
const LONG_PATH_PREFIX = "\\\\?\\";

/** One registered distro. */
export interface RegisteredDistro {
  id: string;
  name: string;
  /** BasePath without `\\?\`. */
  basePath: string;
  vhdFileName: string;
  wslVersion: 1 | 2;
  defaultUid: number;
  /** Registry State (1 installed, 3 installing, 4 uninstalling, 5 converting, 6 exporting). */
  state: number;
  isDefault: boolean;
}

/** Every distro in the registry. */
export async function readRegisteredDistros(host: Host): Promise<RegisteredDistro[]> {
  const root = await host.registry.values(LXSS_KEY);
  const defaultId = String(root.DefaultDistribution ?? "").toLowerCase();
  const out: RegisteredDistro[] = [];
  for (const id of await host.registry.subkeys(LXSS_KEY)) {
    const v = await host.registry.values(`${LXSS_KEY}\\${id}`);
    if (typeof v.DistributionName !== "string") continue;
    const base = String(v.BasePath ?? "");
    out.push({
      id,
      name: v.DistributionName,
      basePath: base.startsWith(LONG_PATH_PREFIX) ? base.slice(LONG_PATH_PREFIX.length) : base,
      vhdFileName: typeof v.VhdFileName === "string" && v.VhdFileName ? v.VhdFileName : DEFAULT_VHD_FILE_NAME,
      wslVersion: Number(v.Flags ?? FLAG_WSL2) & FLAG_WSL2 ? 2 : 1,
      defaultUid: Number(v.DefaultUid ?? 0),
      state: Number(v.State ?? 1),
      isDefault: id.toLowerCase() === defaultId,
    });
  }
  return out;
}
