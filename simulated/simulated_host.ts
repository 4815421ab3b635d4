/**
 * SimulatedHost: an emulated Windows for tests, the demo and the Wine suite. Programs run as emulated
 * tools on a machine kept in a state folder (real files, JSON state); their output bytes are decoded
 * exactly as the real host decodes a child's output. Build one with {@link SimulatedHost.create}.
 * @module
 */
import { readFileSync } from "node:fs";
import { join, win32 } from "node:path";
import type { PlatformPath } from "node:path";
import type { ExecOptions, ExecResult, Host, HostRegistry, HostServices, ProcessEntry } from "../core/host/host.ts";
import { decodeOutput, writesConsoleCodePage } from "../core/host/decode.ts";
import { runAsPowerShellArgs } from "../core/host/elevation_script.ts";
import { StateDirMachine } from "./state_dir_machine.ts";
import { parseState, STATE_FILE, WINDOWS_NT_KEY } from "./state.ts";
import { findTool, ToolTerminated } from "./tools/mod.ts";
import type { ToolResult } from "./tools/mod.ts";
import { buildMachine } from "./build.ts";
import { simulatedProcesses, simulatedRegistry, simulatedServices, simulatedTokenElevated } from "./win32_surface.ts";
import { LIMITED_TOKEN_ENV, limitedTokenRequested } from "../core/host/limited_token.ts";
import type { SimulatedHostOptions } from "./build.ts";

/** Exit code of a program killed by Ctrl-C or a timeout, as spawnProgram reports a terminated child. */
export const TERMINATED_EXIT_CODE = 128 + 15;

/** Machine environment variable naming the simulated vhdx-shrink executable (for scheduled tasks). */
export const SELF_EXE_ENV = "VHDX_SHRINK_EXE";

/** A simulated Windows machine. */
export class SimulatedHost implements Host {
  readonly kind = "simulated" as const;
  readonly isWindows = true;
  readonly path: PlatformPath = win32;
  readonly machine: StateDirMachine;
  readonly fs;
  readonly registry: HostRegistry;
  readonly services: HostServices;
  readonly stateDir: string;
  readonly #env: Record<string, string>;

  private constructor(stateDir: string) {
    this.stateDir = stateDir;
    this.machine = new StateDirMachine(stateDir);
    this.fs = this.machine.fs;
    this.#env = parseState(readFileSync(join(stateDir, STATE_FILE), "utf8")).env;
    // The Win32 surface (registry, token, processes, services) answers from the machine state as the API does.
    this.registry = simulatedRegistry(this.machine);
    this.services = simulatedServices(this.machine, () => this.isElevated());
  }

  /** Opens a machine previously built in `stateDir`. */
  static open(stateDir: string): SimulatedHost {
    return new SimulatedHost(stateDir);
  }

  /** Builds a machine in `stateDir` (which should be empty) and opens it. */
  static async create(stateDir: string, options: SimulatedHostOptions = {}): Promise<SimulatedHost> {
    await buildMachine(stateDir, options);
    return SimulatedHost.open(stateDir);
  }

  async exec(cmd: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    if (opts.signal?.aborted) controller.abort();
    let timedOut = false;
    const timer = opts.timeoutMs ? setTimeout(() => (timedOut = true, controller.abort()), opts.timeoutMs) : undefined;
    try {
      const elevatedNow = (await this.machine.read()).elevated;
      const stdin = typeof opts.stdin === "string" ? new TextEncoder().encode(opts.stdin) : opts.stdin;
      const run = (c: string, a: string[], elevated: boolean) => this.#run(c, a, elevated, { ...opts, stdin }, controller.signal);
      const r = opts.elevated && !elevatedNow
        ? await run("powershell.exe", runAsPowerShellArgs(cmd, args), false)
        : await run(cmd, args, elevatedNow);
      // Decoded as WindowsHost decodes a child's output: console programs in the console code page.
      const codePage = writesConsoleCodePage(opts.elevated && !elevatedNow ? "powershell" : cmd) && (opts.encoding ?? "auto") === "auto" ? await this.consoleCodePage() : undefined;
      return {
        code: r.code,
        stdout: decodeOutput(r.stdout, opts.encoding, codePage),
        stderr: decodeOutput(r.stderr, opts.encoding, codePage),
        timedOut,
      };
    } finally {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
    }
  }

  async #run(cmd: string, args: string[], elevated: boolean, opts: ExecOptions & { stdin?: Uint8Array }, signal: AbortSignal): Promise<ToolResult> {
    const tool = findTool(cmd);
    if (!tool) {
      // What spawnProgram reports when the program does not exist.
      return { code: -1, stdout: new Uint8Array(0), stderr: new TextEncoder().encode(`${cmd}: spawn ${cmd} ENOENT`) };
    }
    const state = await this.machine.read();
    try {
      return await tool(args, {
        env: { ...state.env, ...opts.env },
        machine: this.machine,
        elevated,
        signal,
        stdin: opts.stdin,
        run: (c, a, o) => this.#run(c, a, o?.elevated ?? elevated, opts, signal),
      });
    } catch (e) {
      if (e instanceof ToolTerminated) return { code: TERMINATED_EXIT_CODE, stdout: new Uint8Array(0), stderr: new Uint8Array(0) };
      throw e;
    }
  }

  /**
   * As WindowsHost learns it: GetConsoleOutputCP, which is 0 here (no console: the tools' output is
   * piped), then GetOEMCP: the machine's OEM code page, 437 unless the state names another.
   */
  async consoleCodePage(): Promise<number | undefined> {
    return (await this.machine.read()).oemCodePage ?? 437;
  }

  /** The token's TokenElevation; `VHDX_SHRINK_LIMITED_TOKEN=1` in the machine's environment limits it, as on WindowsHost. */
  isElevated(): Promise<boolean> {
    return simulatedTokenElevated(this.machine, limitedTokenRequested(this.env(LIMITED_TOKEN_ENV)));
  }
  processes(): Promise<ProcessEntry[]> {
    return simulatedProcesses(this.machine);
  }
  env(name: string): string | undefined {
    const key = Object.keys(this.#env).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : this.#env[key];
  }
  configDir(): string {
    return win32.join(this.env("APPDATA") ?? "C:\\Users\\me\\AppData\\Roaming", "vhdx-shrink");
  }
  /** Where an installed vhdx-shrink.exe would be; `VHDX_SHRINK_EXE` in the machine's environment overrides it. */
  selfCommand(): string[] {
    return [this.env(SELF_EXE_ENV) ?? win32.join(this.env("LOCALAPPDATA") ?? "C:\\Users\\me\\AppData\\Local", "Programs", "vhdx-shrink", "vhdx-shrink.exe")];
  }
  async windowsBuild(): Promise<number | null> {
    const v = await this.registry.values(WINDOWS_NT_KEY);
    const build = Number(v.CurrentBuildNumber ?? v.CurrentBuild);
    return Number.isFinite(build) && build > 0 ? build : null;
  }
}
