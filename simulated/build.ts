/**
 * The builder of simulated machines: distros with real VHDX files placed where WSL puts them,
 * Docker Desktop in one of its layouts, the installed WSL version, Hyper-V, elevation, free space
 * and faults, written to a state folder that {@link SimulatedHost.open} (and the Wine wrappers) read.
 * @module
 */
import * as fsp from "node:fs/promises";
import { join, win32 } from "node:path";
import { openBlockFile } from "../core/io/block_file.ts";
import type { RegistryValue } from "../core/host/host.ts";
import { LXSS_KEY, WINDOWS_NT_KEY } from "./state.ts";
import type { Faults, SimLocale, SimState } from "./state.ts";
import { DEFAULT_VHD_FILE_NAME, LXSS_FLAG_VM_MODE, LXSS_FLAGS_WSL2, LXSS_STATE_INSTALLED } from "./distros.ts";
import { LONG_PATH_PREFIX, toRealPath, winPathKey } from "./win_path.ts";
import { presentBytes, writeNewVhdx } from "./vhdx_files.ts";
import { treeBytes } from "./sim_fs.ts";
import { writeState } from "./state_dir_machine.ts";
import { dockerPlacement } from "./docker_placement.ts";
import type { DockerLayoutName } from "./docker_placement.ts";

/** A distro to register. */
export interface SimDistroSpec {
  name: string;
  /** Real VHDX file to copy in; a blank 1 GiB VHDX when omitted. */
  vhd?: string;
  /** Windows folder for the disk; default `%LOCALAPPDATA%\wsl\{GUID}`. */
  basePath?: string;
  /** Store BasePath with the `\\?\` prefix, as some WSL versions do. */
  longPathPrefix?: boolean;
  vhdFileName?: string;
  defaultUid?: number;
  running?: boolean;
  default?: boolean;
  /** A WSL1 distro (Flags without 0x8; no VHDX). */
  wsl1?: boolean;
  /** Set the file's sparse attribute. */
  sparse?: boolean;
  /** Filesystem bytes in use (export size); default: the bytes in present payload blocks. */
  usedBytes?: number;
  /** Free byte ranges of the disk's file system, recorded by the fixture maker (dumpe2fs): what `fstrim` discards. */
  freeRanges?: { offset: number; length: number }[];
  /** Registry GUID (with braces); random when omitted. */
  guid?: string;
}

/** Docker Desktop to install. */
export interface SimDockerSpec {
  layout: DockerLayoutName;
  /** For layout "custom": the CustomWslDistroDir. */
  customDir?: string;
  running?: boolean;
  /** Real VHDX files; blank ones when omitted. */
  mainVhd?: string;
  dataVhd?: string;
  /** What `docker system prune` reports. */
  reclaimableBytes?: number;
  /** The build-cache part of it (what `docker builder prune` frees). */
  buildCacheBytes?: number;
  /** Docker Desktop's release, e.g. "4.30.0" (no `docker desktop` subcommands before 4.37); default a current one. */
  version?: string;
}

/** Options of {@link SimulatedHost.create}. */
export interface SimulatedHostOptions {
  distros?: SimDistroSpec[];
  docker?: SimDockerSpec;
  /** Installed WSL: a version like "2.3.26", or "inbox" for the old wsl.exe without --version. */
  wsl?: { version: string };
  hyperV?: boolean;
  elevated?: boolean;
  windowsBuild?: number;
  /** Free bytes per drive (one number for C:). Default 100 GiB. */
  freeBytes?: number | Record<string, number>;
  faults?: Faults;
  /** Extra environment variables (e.g. WSL_UTF8). */
  env?: Record<string, string>;
  /**
   * The user's name when it is not the default: the profile folder becomes a sibling of the default
   * one (`C:\Users\Dev Usuário`), and USERPROFILE, LOCALAPPDATA, APPDATA, TEMP follow it.
   */
  userName?: string;
  /** Display language of Windows and its tools (default en-US); de-DE also sets the OEM code page 850. */
  locale?: SimLocale;
}

const GiB = 1024 ** 3;
const USER = "C:\\Users\\me";

/** OEM code page of each display language (Learn: GetConsoleOutputCP; docs/windows-facts.md §7). */
const OEM_CODE_PAGE: Record<SimLocale, number> = { "en-US": 437, "de-DE": 850 };

/** The variables Windows derives from a user's profile folder. */
export function profileEnv(profile: string, userName: string): Record<string, string> {
  return {
    USERPROFILE: profile, USERNAME: userName, LOCALAPPDATA: `${profile}\\AppData\\Local`, APPDATA: `${profile}\\AppData\\Roaming`,
    TEMP: `${profile}\\AppData\\Local\\Temp`, TMP: `${profile}\\AppData\\Local\\Temp`,
  };
}

/** Writes a new machine into `stateDir`. */
export async function buildMachine(stateDir: string, o: SimulatedHostOptions): Promise<void> {
  let env: Record<string, string> = { ...profileEnv(USER, "me"), SystemRoot: "C:\\Windows", ...o.env };
  if (o.userName) env = { ...env, ...profileEnv(win32.join(win32.dirname(env.USERPROFILE), o.userName), o.userName) };
  const free = typeof o.freeBytes === "number" || o.freeBytes === undefined ? { C: o.freeBytes ?? 100 * GiB } : o.freeBytes;
  const s: SimState = {
    formatVersion: 1, windowsBuild: o.windowsBuild ?? 22631, elevated: o.elevated ?? false, hyperV: o.hyperV ?? false,
    wslVersion: o.wsl?.version ?? "2.3.26", kernelVersion: "5.15.167.4-1", running: [],
    ...(o.locale && o.locale !== "en-US" ? { locale: o.locale, oemCodePage: OEM_CODE_PAGE[o.locale] } : {}),
    docker: { installed: Boolean(o.docker), running: false, diskPaths: [], reclaimableBytes: o.docker?.reclaimableBytes ?? 0,
      ...(o.docker?.buildCacheBytes !== undefined ? { buildCacheBytes: o.docker.buildCacheBytes } : {}),
      ...(o.docker?.version !== undefined ? { version: o.docker.version } : {}) },
    env, drives: {}, sparse: {}, usedBytes: {}, trimmed: {}, attached: {}, registry: {}, faults: o.faults ?? {},
  };
  const reg = (key: string, values: Record<string, RegistryValue>) => (s.registry[key] = { ...s.registry[key], ...values });
  reg(LXSS_KEY, { DefaultVersion: 2 });
  reg(WINDOWS_NT_KEY, { CurrentBuildNumber: String(s.windowsBuild), CurrentBuild: String(s.windowsBuild), ProductName: "Windows 10 Pro" });
  await fsp.mkdir(join(stateDir, "drives", "C"), { recursive: true });
  for (const drive of Object.keys(free)) await fsp.mkdir(join(stateDir, "drives", drive.toUpperCase()), { recursive: true });
  await fsp.mkdir(toRealPath(stateDir, env.TEMP), { recursive: true });

  const placed = new Set<string>();
  const place = async (winPath: string, source: string | undefined, usedBytes?: number) => {
    if (placed.has(winPathKey(winPath))) return;
    placed.add(winPathKey(winPath));
    const real = toRealPath(stateDir, winPath);
    await fsp.mkdir(join(real, ".."), { recursive: true });
    if (source) await fsp.copyFile(source, real);
    else await writeBlankVhdx(real);
    s.usedBytes[winPathKey(winPath)] = usedBytes ?? await presentBytesOf(real);
  };
  const distros: SimDistroSpec[] = [...(o.distros ?? [])];
  if (o.docker) {
    const placement = dockerPlacement(o.docker, env);
    if (o.docker.running) s.docker.running = true;
    for (const f of placement.files) {
      await place(f.path, f.role === "data" ? o.docker.dataVhd : o.docker.mainVhd);
      s.docker.diskPaths.push(f.path);
      if (f.distro) distros.push({ name: f.distro, basePath: win32.dirname(f.path), vhdFileName: win32.basename(f.path), running: o.docker.running && f.distro === "docker-desktop" });
    }
    if (placement.settings) {
      await fsp.mkdir(toRealPath(stateDir, win32.dirname(placement.settings.path)), { recursive: true });
      await fsp.writeFile(toRealPath(stateDir, placement.settings.path), JSON.stringify(placement.settings.content, null, 2));
    }
  }
  for (const d of distros) {
    const guid = d.guid ?? `{${crypto.randomUUID()}}`;
    const base = d.basePath ?? `${env.LOCALAPPDATA}\\wsl\\${guid}`;
    const vhdFileName = d.vhdFileName ?? DEFAULT_VHD_FILE_NAME;
    if (!d.wsl1) await place(win32.join(base, vhdFileName), d.vhd, d.usedBytes);
    else await fsp.mkdir(join(toRealPath(stateDir, base), "rootfs"), { recursive: true });
    reg(`${LXSS_KEY}\\${guid}`, {
      DistributionName: d.name, BasePath: d.longPathPrefix ? LONG_PATH_PREFIX + base : base,
      ...(d.wsl1 ? {} : { VhdFileName: vhdFileName }), Version: 2,
      Flags: d.wsl1 ? LXSS_FLAGS_WSL2 & ~LXSS_FLAG_VM_MODE : LXSS_FLAGS_WSL2, DefaultUid: d.defaultUid ?? 0, State: LXSS_STATE_INSTALLED,
    });
    if (d.default) reg(LXSS_KEY, { DefaultDistribution: guid });
    if (d.running) s.running.push(d.name);
    if (d.sparse) s.sparse[winPathKey(win32.join(base, vhdFileName))] = true;
    if (d.freeRanges && !d.wsl1) (s.freeRanges ??= {})[winPathKey(win32.join(base, vhdFileName))] = d.freeRanges;
  }
  for (const [drive, bytes] of Object.entries(free)) {
    const letter = drive.toUpperCase();
    s.drives[letter] = { freeBytes: bytes, baselineUsed: await treeBytes(join(stateDir, "drives", letter)) };
  }
  await writeState(stateDir, s);
}

async function writeBlankVhdx(real: string): Promise<void> {
  const f = await openBlockFile(real, "create");
  try {
    await writeNewVhdx(f, { virtualSize: GiB });
  } finally {
    await f.close();
  }
}

async function presentBytesOf(real: string): Promise<number> {
  const f = await openBlockFile(real, "read");
  try {
    return await presentBytes(f);
  } catch {
    return 0;
  } finally {
    await f.close();
  }
}
