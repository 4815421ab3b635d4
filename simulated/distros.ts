/**
 * The simulated WSL registrations as the emulated tools read and write them: one
 * `HKCU\...\Lxss\{GUID}` key per distro with the values WSL itself stores (docs/research.md §3,
 * microsoft/WSL: src/windows/service/exe/LxssUserSession.cpp writes the same names).
 * @module
 */
import { win32 } from "node:path";
import type { RegistryStore } from "./machine.ts";
import { LXSS_KEY } from "./state.ts";
import { stripLongPathPrefix } from "./win_path.ts";

/** `Flags` bit that marks a WSL2 (VM) distro. */
export const LXSS_FLAG_VM_MODE = 0x8;
/** Default `Flags` for a WSL2 distro: interop, append NT path, drive mounting, VM mode. */
export const LXSS_FLAGS_WSL2 = 0xf;
/** `State` values: 1 installed, 2 running is never stored by modern WSL, 3 installing, 4 uninstalling. */
export const LXSS_STATE_INSTALLED = 1;
/** Default disk file name (docs/research.md §3). */
export const DEFAULT_VHD_FILE_NAME = "ext4.vhdx";

/** One registered distro. */
export interface DistroRecord {
  guid: string;
  name: string;
  /** BasePath as stored (may carry `\\?\`). */
  basePath: string;
  vhdFileName: string;
  version: number;
  flags: number;
  defaultUid: number;
  state: number;
}

/** The full Windows path of a record's disk (without `\\?\`). */
export function diskPathOf(d: DistroRecord): string {
  return win32.join(stripLongPathPrefix(d.basePath), d.vhdFileName);
}

/** Every registered distro, in registry order. */
export async function readDistros(reg: RegistryStore): Promise<DistroRecord[]> {
  const out: DistroRecord[] = [];
  for (const guid of await reg.subkeys(LXSS_KEY)) {
    const v = await reg.values(`${LXSS_KEY}\\${guid}`);
    if (!v || typeof v.DistributionName !== "string") continue;
    out.push({
      guid,
      name: v.DistributionName,
      basePath: String(v.BasePath ?? ""),
      vhdFileName: typeof v.VhdFileName === "string" ? v.VhdFileName : DEFAULT_VHD_FILE_NAME,
      version: Number(v.Version ?? 2),
      flags: Number(v.Flags ?? LXSS_FLAGS_WSL2),
      defaultUid: Number(v.DefaultUid ?? 0),
      state: Number(v.State ?? LXSS_STATE_INSTALLED),
    });
  }
  return out;
}

/** Finds a distro by name; WSL compares names case-insensitively. */
export async function findDistro(reg: RegistryStore, name: string): Promise<DistroRecord | undefined> {
  return (await readDistros(reg)).find((d) => d.name.toLowerCase() === name.toLowerCase());
}

/** Writes a registration the way `wsl --import` does. */
export async function writeDistro(reg: RegistryStore, d: DistroRecord): Promise<void> {
  const key = `${LXSS_KEY}\\${d.guid}`;
  await reg.setValue(key, "DistributionName", d.name);
  await reg.setValue(key, "BasePath", d.basePath);
  await reg.setValue(key, "VhdFileName", d.vhdFileName);
  await reg.setValue(key, "Version", d.version);
  await reg.setValue(key, "Flags", d.flags);
  await reg.setValue(key, "DefaultUid", d.defaultUid);
  await reg.setValue(key, "State", d.state);
}
