/**
 * A fresh emulated Windows machine inside the prefix for each scenario: the Lxss registry key and the
 * user's WSL, Docker and vhdx-shrink folders are wiped; {@link buildMachine} (the SimulatedHost builder)
 * places the distros and Docker disks; its files are moved to the prefix's real `C:\`, its HKCU keys
 * imported into Wine's registry with `reg import`, and the rest of its state (running distros, sparse
 * flags, elevation, Hyper-V, faults) becomes the emulators' `state.json`.
 * @module
 */
import { spawn } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { buildMachine } from "../../../simulated/build.ts";
import type { SimulatedHostOptions } from "../../../simulated/build.ts";
import type { RegistryValue } from "../../../core/host/host.ts";
import { LXSS_KEY, WINDOWS_NT_KEY, parseState, serializeState, STATE_FILE } from "../../../simulated/state.ts";
import type { SimState } from "../../../simulated/state.ts";
import { cacheDir } from "./binaries.ts";
import { driveC, EMULATOR_DIR_WIN, findWine, prefixDir, runInPrefix, wineEnv, wineUser, zPath } from "./prefix.ts";
import { buildStandin, DESKTOP_ARGS, DESKTOP_IMAGE, DESKTOP_MARKER, WINE_TASKKILL } from "../emulator/desktop_process.ts";
import type { WineResult } from "./prefix.ts";

/** Environment variable the emulators read their state folder from (tests/windows/emulator/main.ts). */
const STATE_ENV = "VHDX_SHRINK_WINE_STATE";

/** One scenario's machine. */
export interface WineMachine {
  /** Linux folder of `state.json`. */
  stateDir: string;
  /** The user environment Wine gives its programs. */
  env: Record<string, string>;
  /** Runs a Windows program (the product or an emulator) on this machine. */
  run(exe: string, args: string[], env?: Record<string, string>): Promise<WineResult>;
  /** The real file behind a Windows path of this machine. */
  real(winPath: string): string;
  state(): SimState;
  setState(change: (s: SimState) => void): void;
}

/** The Wine user's environment as the builder should place files for it. */
export function userEnv(): Record<string, string> {
  const { name, profile } = wineUser();
  return {
    USERNAME: name, USERPROFILE: profile, LOCALAPPDATA: `${profile}\\AppData\\Local`, APPDATA: `${profile}\\AppData\\Roaming`,
    TEMP: `${profile}\\Temp`, TMP: `${profile}\\Temp`, SystemRoot: "C:\\windows",
  };
}

/** Folders a scenario may have filled, relative to the user profile. */
const USER_FOLDERS = ["AppData\\Local\\wsl", "AppData\\Local\\Docker", "AppData\\Roaming\\Docker", "AppData\\Roaming\\vhdx-shrink", "Temp"];

function regString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
function regData(v: RegistryValue): string {
  if (typeof v === "number") return `dword:${(v >>> 0).toString(16).padStart(8, "0")}`;
  if (Array.isArray(v)) throw new Error("REG_MULTI_SZ is not needed by the scenarios");
  return regString(v);
}

/** Values of Wine's own HKLM that the product reads: the build number (Wine 8 says 7601, Windows 7). */
const HKLM_VALUES: Record<string, string[]> = { [WINDOWS_NT_KEY]: ["CurrentBuildNumber", "CurrentBuild"] };

/**
 * A version 5 .reg file (UTF-16LE with BOM, so paths with `á` or `ü` arrive intact; REGEDIT4 files
 * are read in the ANSI code page) with the builder's HKCU keys and the HKLM values the product reads.
 */
export function registryFile(registry: SimState["registry"]): string {
  const entries = Object.entries(registry).flatMap(([k, values]): [string, [string, RegistryValue][]][] => {
    if (k.toUpperCase().startsWith("HKEY_CURRENT_USER\\")) return [[k, Object.entries(values)]];
    const only = HKLM_VALUES[k];
    return only ? [[k, Object.entries(values).filter(([n]) => only.includes(n))]] : [];
  });
  return "Windows Registry Editor Version 5.00\r\n\r\n" + entries.map(([k, values]) =>
    `[${k}]\r\n` + values.map(([n, v]) => `${n === "" ? "@" : regString(n)}=${regData(v)}\r\n`).join("") + "\r\n"
  ).join("");
}

/**
 * Wine sets a process's `TEMP` and `TMP` from `HKCU\Environment` (persistent, unlike the volatile
 * USERPROFILE/LOCALAPPDATA it resets at every session start), so each scenario points them at its
 * user's temp folder: a profile with another user name then gets its own `%TEMP%` too.
 */
const USER_ENV_KEY = "HKEY_CURRENT_USER\\Environment";

async function setWineTemp(temp: string): Promise<void> {
  for (const name of ["TEMP", "TMP"]) {
    const r = await runInPrefix("reg", ["add", USER_ENV_KEY, "/v", name, "/d", temp, "/f"]);
    if (r.code !== 0) throw new Error(`reg add ${USER_ENV_KEY} ${name} failed: ${r.stderr}${r.stdout}`);
  }
}

/** Profile folders scenarios may have made besides Wine's own user's (machine profiles with other user names). */
const madeProfiles = new Set<string>();

/** Wipes the previous scenario and builds `options` into the prefix. */
export async function freshMachine(options: SimulatedHostOptions): Promise<WineMachine> {
  const { profile } = wineUser();
  await stopDesktopProcess();
  // The emulators start this copy when an emulated tool starts Docker Desktop.
  mkdirSync(driveC(EMULATOR_DIR_WIN), { recursive: true });
  copyFileSync(buildStandin(cacheDir()), driveC(`${EMULATOR_DIR_WIN}\\${DESKTOP_IMAGE}`));
  await runInPrefix("reg", ["delete", LXSS_KEY, "/f"]);
  for (const f of USER_FOLDERS) rmSync(driveC(`${profile}\\${f}`), { recursive: true, force: true });
  // Wine's own user's TEMP stays the programs' temp folder whatever the profile (see below): it must exist.
  mkdirSync(driveC(`${profile}\\Temp`), { recursive: true });
  for (const p of madeProfiles) rmSync(driveC(p), { recursive: true, force: true });
  madeProfiles.clear();
  const root = join(cacheDir(), "scenario");
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const build = mkdtempSync(join(root, "build-"));
  const env = userEnv();
  await buildMachine(build, { ...options, env: { ...env, ...options.env } });
  cpSync(join(build, "drives", "C"), join(prefixDir(), "drive_c"), { recursive: true });
  // Other drives (Docker's custom location) become Wine drives pointing at the built folder.
  for (const drive of ["D", "E"]) {
    const link = join(prefixDir(), "dosdevices", `${drive.toLowerCase()}:`);
    rmSync(link, { force: true });
    if (existsSync(join(build, "drives", drive))) symlinkSync(join(build, "drives", drive), link);
  }
  const state = parseState(readFileSync(join(build, STATE_FILE), "utf8"));
  // A profile with another user name (simulated/profiles.ts) gets its own folder beside Wine's user;
  // Wine keeps giving programs its own user's USERPROFILE and LOCALAPPDATA, though: it sets
  // them from the volatile registry at every session start (tests/windows/README.md, known gaps).
  // TEMP and TMP do follow the profile (setWineTemp).
  if (state.env.USERPROFILE.toLowerCase() !== profile.toLowerCase()) madeProfiles.add(state.env.USERPROFILE);
  await setWineTemp(state.env.TEMP);
  const regFile = join(root, "machine.reg");
  writeFileSync(regFile, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(registryFile(state.registry), "utf16le")]));
  const imported = await runInPrefix("reg", ["import", zPath(regFile)]);
  if (imported.code !== 0) throw new Error(`reg import failed: ${imported.stderr}${imported.stdout}`);
  state.registry = {};
  const stateDir = join(root, "state");
  mkdirSync(stateDir);
  rmSync(join(build, "drives", "C"), { recursive: true, force: true });
  writeFileSync(join(stateDir, STATE_FILE), serializeState(state));
  // Wine gives every process a full token (docs/windows-facts.md §11): a machine that is not elevated
  // runs its programs with the limited-token switch (core/host/limited_token.ts).
  const machineEnv = { ...state.env, [STATE_ENV]: zPath(stateDir), ...(state.elevated ? {} : { VHDX_SHRINK_LIMITED_TOKEN: "1" }) };
  const readState = (): SimState => parseState(readFileSync(join(stateDir, STATE_FILE), "utf8"));
  if (state.docker.running) await startDesktopProcess(machineEnv);
  return {
    stateDir,
    env: machineEnv,
    run: (exe, args, extra = {}) => runInPrefix(exe, args, { ...machineEnv, ...extra }),
    real: (winPath) => /^[Cc]:/.test(winPath) ? driveC(winPath) : join(build, "drives", winPath[0].toUpperCase(), ...winPath.slice(3).split("\\").filter(Boolean)),
    state: readState,
    setState(change) {
      const s = readState();
      change(s);
      writeFileSync(join(stateDir, STATE_FILE), serializeState(s));
    },
  };
}

/** Ends the stand-in Docker Desktop a previous scenario left running (emulator/desktop_process.ts). */
async function stopDesktopProcess(): Promise<void> {
  const marker = driveC(`${EMULATOR_DIR_WIN}\\${DESKTOP_MARKER}`);
  if (!existsSync(marker)) return;
  await runInPrefix(WINE_TASKKILL, ["/F", "/IM", DESKTOP_IMAGE]);
  rmSync(marker, { force: true });
}

/** Starts the stand-in Docker Desktop (a process named `Docker Desktop.exe`) and waits until it runs. */
async function startDesktopProcess(env: Record<string, string>): Promise<void> {
  const child = spawn(findWine()!, [`${EMULATOR_DIR_WIN}\\${DESKTOP_IMAGE}`, ...DESKTOP_ARGS], { env: wineEnv(env), stdio: ["ignore", "pipe", "ignore"], detached: true });
  await new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", () => reject(new Error("the stand-in Docker Desktop.exe ended at once")));
    child.stdout.on("data", () => resolve());
  });
  child.stdout.destroy();
  child.removeAllListeners("close");
  child.unref();
  writeFileSync(driveC(`${EMULATOR_DIR_WIN}\\${DESKTOP_MARKER}`), "");
}

