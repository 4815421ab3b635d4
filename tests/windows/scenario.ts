/**
 * What the scenarios share: a machine built from the suite's fixture disks with known registry GUIDs,
 * the product run on it, and readings of the result (file sizes and hashes, Wine's Lxss keys).
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { win32 } from "node:path";
import type { SimulatedHostOptions, SimDistroSpec } from "../../simulated/build.ts";
import type { MachineProfile } from "../../simulated/profiles.ts";
import { LXSS_KEY } from "../../simulated/state.ts";
import { readRegQuery } from "../../simulated/reg_text.ts";
import type { RegistryValue } from "../../core/host/host.ts";
import { freshMachine, userEnv } from "./support/machine.ts";
import type { WineMachine } from "./support/machine.ts";
import type { WineResult } from "./support/prefix.ts";
import { judgeDisk, judgeImportedTar } from "./support/judge.ts";
import type { DistroDisk } from "./support/fixtures.ts";
import { suite } from "./suite.ts";
import type { Suite } from "./suite.ts";

/** Registry GUIDs of the scenario distros, so their disk paths are known in advance. */
export const GUID = {
  ubuntu: "{5b6a1e1c-0000-4000-8000-000000000001}",
  debian: "{5b6a1e1c-0000-4000-8000-000000000002}",
} as const;

/** A WSL release with the `--allow-unsafe` sparse gate and a Windows 11 build number. */
export const MODERN = { wsl: { version: "2.5.10" }, windowsBuild: 22631 } as const;

/** The disk path WSL gives a distro registered under `guid`. */
export function distroDisk(guid: string): string {
  return `${userEnv().LOCALAPPDATA}\\wsl\\${guid}\\ext4.vhdx`;
}

/** A running scenario. */
export interface Scenario {
  s: Suite;
  m: WineMachine;
  /** The disk path WSL gives a distro registered under `guid` on this machine (its user's %LOCALAPPDATA%). */
  disk(guid: string): string;
  /** Runs the product with these arguments. */
  product(args: string[], env?: Record<string, string>): Promise<WineResult>;
  size(winPath: string): number;
  exists(winPath: string): boolean;
  sha256(winPath: string): string;
  /** Holds the disk at `winPath` to qemu-img check, e2fsck -fn and the files of `fixture` (support/judge.ts). */
  judge(winPath: string, fixture: DistroDisk): Promise<void>;
  /** Holds a disk the emulated `wsl --import` rebuilt to qemu-img check and `tar -t` (support/judge.ts). */
  judgeImported(winPath: string): void;
  /** Wine's Lxss registrations: GUID → values. */
  distros(): Promise<Record<string, Record<string, RegistryValue>>>;
}

/** The Ubuntu distro (default, uid 1000) on the Ubuntu fixture. */
export function ubuntu(s: Suite, extra: Partial<SimDistroSpec> = {}): SimDistroSpec {
  return { name: "Ubuntu", guid: GUID.ubuntu, vhd: s.disks.ubuntu.path, usedBytes: s.disks.ubuntu.usedBytes, freeRanges: s.disks.ubuntu.freeRanges, default: true, defaultUid: 1000, ...extra };
}

/** The Debian distro (uid 1000) on the Debian fixture. */
export function debian(s: Suite, extra: Partial<SimDistroSpec> = {}): SimDistroSpec {
  return { name: "Debian", guid: GUID.debian, vhd: s.disks.debian.path, usedBytes: s.disks.debian.usedBytes, freeRanges: s.disks.debian.freeRanges, defaultUid: 1000, ...extra };
}

/**
 * Builds a fresh machine (`options` may use the suite's disks), changed into `profile` when one is
 * given (simulated/profiles.ts), and returns the scenario handle.
 */
export async function scenario(options: (s: Suite) => SimulatedHostOptions, profile?: MachineProfile): Promise<Scenario> {
  const s = await suite();
  const base = options(s);
  const m = await freshMachine(profile ? profile.apply(base) : base);
  return {
    s, m,
    disk: (guid) => `${m.env.LOCALAPPDATA}\\wsl\\${guid}\\ext4.vhdx`,
    product: async (args, env) => {
      // No second try after a failure (Wine 8's uv_spawn EUNKNOWN included): the first run may already
      // have changed the machine, so a retry would judge a different starting state. The test fails with the output.
      return await m.run(s.product, args, env);
    },
    size: (p) => statSync(m.real(p)).size,
    exists: (p) => existsSync(m.real(p)),
    judge: (p, fixture) => judgeDisk(m.real(p), fixture.files),
    judgeImported: (p) => void judgeImportedTar(m.real(p), ["./etc/os-release", "./etc/passwd"]),
    sha256: (p) => createHash("sha256").update(readFileSync(m.real(p))).digest("hex"),
    async distros() {
      const r = await m.run("reg", ["query", LXSS_KEY]);
      const out: Record<string, Record<string, RegistryValue>> = {};
      if (r.code !== 0) return out;
      for (const guid of readRegQuery(r.stdout, LXSS_KEY).subkeys) {
        const key = `${LXSS_KEY}\\${guid}`;
        out[guid.toLowerCase()] = readRegQuery((await m.run("reg", ["query", key])).stdout, key).values;
      }
      return out;
    },
  };
}

/** The output of a run, for assertion messages. */
export function shown(r: WineResult): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/** `C:\...\ext4.vhdx` → its folder. */
export const folderOf = (p: string): string => win32.dirname(p);
