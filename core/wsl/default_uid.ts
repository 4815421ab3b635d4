/**
 * The distro's default user. `wsl --import` registers with DefaultUid 0 (root), so an import that
 * replaces a distro writes the original value back to `HKCU\...\Lxss\{GUID}\DefaultUid`
 * (docs/research.md §3) through the registry API (RegSetValueExW), which needs no elevation for HKCU.
 * @module
 */
import type { Host } from "../host/host.ts";

/** WSL's registrations (docs/research.md §3). */
export const LXSS_KEY = "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss";

/** A registration as the registry holds it. */
export interface Registration {
  guid: string;
  name: string;
  basePath: string;
  vhdFileName: string;
  defaultUid: number;
}

/** Finds a distro's registration by name (case-insensitive). */
export async function findRegistration(host: Host, name: string): Promise<Registration | null> {
  for (const guid of await host.registry.subkeys(LXSS_KEY)) {
    const v = await host.registry.values(`${LXSS_KEY}\\${guid}`);
    if (String(v.DistributionName ?? "").toLowerCase() !== name.toLowerCase()) continue;
    return {
      guid,
      name: String(v.DistributionName),
      basePath: String(v.BasePath ?? "").replace(/^\\\\\?\\/, ""),
      vhdFileName: typeof v.VhdFileName === "string" ? v.VhdFileName : "ext4.vhdx",
      defaultUid: Number(v.DefaultUid ?? 0),
    };
  }
  return null;
}

/** Arguments of `reg add` that set DefaultUid: the command shown in plans and to run by hand. */
export function defaultUidArgs(guid: string, uid: number): string[] {
  return ["add", `${LXSS_KEY}\\${guid}`, "/v", "DefaultUid", "/t", "REG_DWORD", "/d", String(uid), "/f"];
}

/** Sets a registered distro's default user id; throws with the command to run by hand on failure. */
export async function setDefaultUid(host: Host, name: string, uid: number): Promise<void> {
  const reg = await findRegistration(host, name);
  if (!reg) throw new Error(`cannot set the default user of ${name}: it is not registered`);
  await host.registry.setDword(`${LXSS_KEY}\\${reg.guid}`, "DefaultUid", uid).catch((e: Error) => {
    throw new Error(`setting the default user of ${name} failed (${e.message}); run: reg ${defaultUidArgs(reg.guid, uid).join(" ")}`);
  });
}
