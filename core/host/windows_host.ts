/**
 * The real Windows host. Facts come from the Windows API (core/host/win32/: registry, token,
 * processes, services, file attributes, code pages) through this runtime's FFI; console programs
 * run only where no API answers (wsl.exe, docker.exe, diskpart, PowerShell's Optimize-VHD).
 * @module
 */
import { win32 } from "node:path";
import type { PlatformPath } from "node:path";
import type { ExecOptions, ExecResult, Host, HostRegistry, HostServices, ProcessEntry } from "./host.ts";
import { spawnProgram } from "./spawn.ts";
import { runAsPowerShellArgs } from "./elevation_script.ts";
import { processSelfCommand } from "./self_command.ts";
import { writesConsoleCodePage } from "./decode.ts";
import { WindowsFs } from "./windows_fs.ts";
import { windowsServices } from "./windows_services.ts";
import { LIMITED_TOKEN_ENV, limitedTokenRequested } from "./limited_token.ts";
import { loadNative } from "./win32/load_native.ts";
import { Win32Api } from "./win32/win32_api.ts";

/** A Windows machine (or Wine). */
export class WindowsHost implements Host {
  readonly kind = "windows" as const;
  readonly isWindows = true;
  readonly path: PlatformPath = win32;
  #api: Promise<Win32Api> | undefined;
  readonly fs = new WindowsFs(() => this.api());
  readonly registry: HostRegistry = {
    subkeys: async (key) => (await this.api()).regSubkeys(key),
    values: async (key) => (await this.api()).regValues(key),
    setDword: async (key, name, value) => (await this.api()).regSetDword(key, name, value),
  };
  readonly services: HostServices = windowsServices({ api: () => this.api(), isElevated: () => this.isElevated(), exec: (c, a, o) => this.exec(c, a, o) });
  #elevated: Promise<boolean> | undefined;
  #codePage: Promise<number | undefined> | undefined;

  /** The Windows API through this runtime's FFI, loaded on first use. */
  api(): Promise<Win32Api> {
    this.#api ??= loadNative().then((f) => new Win32Api(f)).catch((e: Error) => {
      throw new Error(`the Windows API could not be loaded (${e.message})`);
    });
    return this.#api;
  }

  async exec(cmd: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    if (opts.elevated) return this.#execElevated(cmd, args, opts);
    const codePage = writesConsoleCodePage(cmd) && (opts.encoding ?? "auto") === "auto" ? await this.consoleCodePage() : undefined;
    const api = codePage === undefined ? undefined : await this.api().catch(() => undefined);
    // The OS's own converter (MultiByteToWideChar) knows every code page; the tables are the fallback.
    const decode = api ? (bytes: Uint8Array, cp: number) => api.decode(bytes, cp) : undefined;
    return spawnProgram(cmd, args, opts, codePage, decode);
  }
  /** GetConsoleOutputCP, or the OEM code page (GetOEMCP) when this process has no console (docs/windows-facts.md §7). */
  consoleCodePage(): Promise<number | undefined> {
    this.#codePage ??= this.api().then((api) => api.consoleOutputCodePage() || api.oemCodePage()).catch(() => undefined);
    return this.#codePage;
  }
  /** The token's TokenElevation; limited when VHDX_SHRINK_LIMITED_TOKEN=1 (core/host/limited_token.ts). */
  isElevated(): Promise<boolean> {
    if (limitedTokenRequested(process.env[LIMITED_TOKEN_ENV])) return Promise.resolve(false);
    // A token that cannot be read is treated as limited: the elevated steps then ask through UAC, which is safe either way.
    this.#elevated ??= this.api().then((api) => api.tokenElevated()).catch(() => false);
    return this.#elevated;
  }
  async processes(): Promise<ProcessEntry[]> {
    return (await this.api()).processes();
  }
  env(name: string): string | undefined {
    return process.env[name];
  }
  configDir(): string {
    return win32.join(process.env.APPDATA ?? win32.join(process.env.USERPROFILE ?? "C:\\", "AppData", "Roaming"), "vhdx-shrink");
  }
  selfCommand(): string[] {
    return processSelfCommand();
  }
  async windowsBuild(): Promise<number | null> {
    const v = await this.registry.values("HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion");
    const build = Number(v.CurrentBuildNumber ?? v.CurrentBuild);
    return Number.isFinite(build) && build > 0 ? build : null;
  }
  async #execElevated(cmd: string, args: string[], opts: ExecOptions): Promise<ExecResult> {
    if (await this.isElevated()) return this.exec(cmd, args, { ...opts, elevated: false });
    // Relaunch through UAC and pass the exit code back (docs/research.md §6). Output cannot be captured
    // across the elevation boundary, so elevated steps write what they need to files.
    // The limited-token switch never reaches an elevated child (core/host/limited_token.ts).
    return this.exec("powershell.exe", runAsPowerShellArgs(cmd, args), { ...opts, elevated: false, env: { ...opts.env, [LIMITED_TOKEN_ENV]: "" } });
  }
}
