/**
 * The simulated machine's state as plain JSON data: registry, running distros, installed tools,
 * elevation, free space and fault switches. Serialised to `state.json` in the state folder.
 * @module
 */
import type { RegistryValue } from "../core/host/host.ts";

/** File name of the state document inside the state folder. */
export const STATE_FILE = "state.json";

/** Registry key of WSL's distro registrations (docs/research.md §3). */
export const LXSS_KEY = "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss";
/** Registry key holding the Windows build number (`CurrentBuildNumber`). */
export const WINDOWS_NT_KEY = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";

/** Switches that make a step fail the way it fails on real machines. */
export interface Faults {
  /** `wsl --export` writes this fraction (0..1) of the tar, then fails (partial file, exit -1). */
  exportFailsAt?: number;
  /** `wsl --import` fails after creating the folder (no registration, no disk). */
  importFails?: boolean;
  /** `wsl --import` from an elevated process fails with ERROR_INVALID_OWNER, as reported in wslcompact#38 (microsoft/WSL#6744 shows it working, the default here; docs/windows-facts.md §10). */
  elevatedImportFails?: boolean;
  /** `wsl --unregister` fails (key and disk stay). */
  unregisterFails?: boolean;
  /** `Optimize-VHD` fails with a generic virtual disk error. */
  optimizeFails?: boolean;
  /** The user answers "No" to the UAC prompt. */
  elevationDenied?: boolean;
  /** Every drive reports 0 free bytes and every growing write fails with ENOSPC. */
  diskFull?: boolean;
  /** Delay in ms between work chunks of long tools, so tests can abort them mid-way. */
  chunkDelayMs?: number;
  /** `wsl --list` fails (the service does not answer): exit -1, `Wsl/Service/E_UNEXPECTED`. */
  listFails?: boolean;
  /** Checking whether a file is in use fails with an I/O error (the check itself, not the file). */
  lockCheckFails?: boolean;
  /** `fsutil` run without elevation refuses with "requires that you have administrative privileges" (docs/windows-facts.md §8: the fsutil page's blanket note). */
  fsutilRequiresAdmin?: boolean;
  /** The Hyper-V PowerShell module is installed but the role is not (MicrosoftDocs/windows-powershell-docs#2504): no `vmms` service, and the VHD cmdlets fail "Hyper-V has not been installed". */
  hyperVRoleMissing?: boolean;
  /** The Server service (LanmanServer) is stopped, a common hardening: `net session` fails even elevated (docs/windows-facts.md §11). */
  serverServiceStopped?: boolean;
  /** Nobody answers the UAC prompt until the caller has given up waiting; then it is accepted (a prompt left as a flashing taskbar button). */
  uacAnsweredLate?: boolean;
  /** `wsl --manage --move` moves the disk, then cannot write BasePath (`Access is denied.`, microsoft/WSL#40716); the service moves the disk back. */
  moveRegistryFails?: boolean;
}

/** Names of all fault switches, for the CLI demo and docs. */
export const FAULT_NAMES: readonly (keyof Faults)[] = [
  "exportFailsAt", "importFails", "elevatedImportFails", "unregisterFails", "optimizeFails",
  "elevationDenied", "diskFull", "chunkDelayMs", "listFails", "lockCheckFails", "fsutilRequiresAdmin", "hyperVRoleMissing", "serverServiceStopped", "uacAnsweredLate", "moveRegistryFails",
];

/** Space bookkeeping of one drive. */
export interface DriveState {
  /** Free bytes when the machine was built. */
  freeBytes: number;
  /** Bytes of files on the drive when the machine was built; growth beyond it consumes free space. */
  baselineUsed: number;
}

/** Docker Desktop as far as the tools see it. */
export interface DockerState {
  installed: boolean;
  running: boolean;
  /** Windows paths of Docker's disks (locked while Docker runs). */
  diskPaths: string[];
  /** Bytes `docker system prune` reports as reclaimed. */
  reclaimableBytes: number;
  /** Part of `reclaimableBytes` that is build cache (`docker builder prune` frees only this); all of it when absent. */
  buildCacheBytes?: number;
  /**
   * The Windows service `com.docker.service` ("Docker Desktop Service"); absent when it is not
   * installed. While it runs it holds Docker's data disk open, also after Docker Desktop quit.
   */
  service?: "running" | "stopped";
  /**
   * Docker Desktop's release ("4.30.0", "4.45.0"): `docker desktop start|stop|status` exist from
   * 4.37 (docs/windows-facts.md §5). Absent means a current release.
   */
  version?: string;
}

/** Display languages the emulated tools can answer in (docs/windows-behaviour.md, "Localized output"). */
export type SimLocale = "en-US" | "de-DE";

/** The whole simulated machine. */
export interface SimState {
  formatVersion: 1;
  windowsBuild: number;
  elevated: boolean;
  hyperV: boolean;
  /** Installed WSL package version, or "inbox" for the old wsl.exe without `--version`. */
  wslVersion: string;
  kernelVersion: string;
  /** Display language of Windows and its tools; absent means en-US. */
  locale?: SimLocale;
  /** Console output (OEM) code page the console tools write in: 437 (en-US) or 850 (de-DE); absent means 437. */
  oemCodePage?: number;
  /** Names of running distros. */
  running: string[];
  docker: DockerState;
  /** Environment of the simulated user (LOCALAPPDATA, APPDATA, USERPROFILE, TEMP, ...). */
  env: Record<string, string>;
  drives: Record<string, DriveState>;
  /** Path keys (see `winPathKey`) of files whose sparse attribute is set. */
  sparse: Record<string, true>;
  /** Path keys of files with NTFS compression or EFS encryption (FILE_ATTRIBUTE_COMPRESSED 0x800, _ENCRYPTED 0x4000); absent: none. */
  compressedOrEncrypted?: Record<string, { compressed?: boolean; encrypted?: boolean }>;
  /** Filesystem bytes in use per disk path key: the size of a `wsl --export` tar. */
  usedBytes: Record<string, number>;
  /**
   * Free byte ranges of each disk's file system as e2fsprogs reported them when the fixture was made
   * (path key → ranges of the virtual disk): what the emulated `fstrim` discards. Absent: nothing known.
   */
  freeRanges?: Record<string, { offset: number; length: number }[]>;
  /** Path keys of disks whose free blocks `fstrim` has discarded since the last compaction. */
  trimmed: Record<string, true>;
  /** Path keys of disks attached by diskpart or Mount-VHD (locked until detached). */
  attached: Record<string, "readonly" | "readwrite">;
  /** Registry keys (full `HKEY_...` names, original case) and their values. */
  registry: Record<string, Record<string, RegistryValue>>;
  faults: Faults;
}

/** Parses `state.json`. */
export function parseState(text: string): SimState {
  const s = JSON.parse(text) as SimState;
  if (s.formatVersion !== 1) throw new Error(`unsupported simulated state version ${String(s.formatVersion)}`);
  return s;
}

/** Serialises the state for `state.json`. */
export function serializeState(s: SimState): string {
  return JSON.stringify(s, null, 2) + "\n";
}
