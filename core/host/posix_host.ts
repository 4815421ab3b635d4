/**
 * The real host on Linux and macOS: file work only. There is no WSL, registry or Hyper-V here, so
 * only strategies that work on a file at hand (native) are available.
 * @module
 */
import { posix } from "node:path";
import type { PlatformPath } from "node:path";
import { homedir } from "node:os";
import type { ExecOptions, ExecResult, Host, HostRegistry, HostServices, ProcessEntry } from "./host.ts";
import { LocalFs } from "./local_fs.ts";
import { spawnProgram } from "./spawn.ts";
import { processSelfCommand } from "./self_command.ts";
import { CP_UTF8 } from "./code_page.ts";

const NO_REGISTRY: HostRegistry = {
  subkeys: () => Promise.resolve([]),
  values: () => Promise.resolve({}),
  setDword: (key) => Promise.reject(new Error(`there is no registry on this host (${key})`)),
};

const NO_SERVICES: HostServices = {
  state: () => Promise.resolve("absent"),
  stop: () => Promise.resolve({ state: "absent", message: "there are no Windows services on this host" }),
  start: () => Promise.resolve({ state: "absent", message: "there are no Windows services on this host" }),
};

/** A Linux or macOS machine. */
export class PosixHost implements Host {
  readonly kind = "posix" as const;
  readonly isWindows = false;
  readonly path: PlatformPath = posix;
  readonly fs = new LocalFs();
  readonly registry = NO_REGISTRY;
  readonly services = NO_SERVICES;
  /** No Windows processes to look for here (the strategies ask only for Windows programs). */
  processes(): Promise<ProcessEntry[]> {
    return Promise.resolve([]);
  }
  exec(cmd: string, args: string[], opts?: ExecOptions): Promise<ExecResult> {
    return spawnProgram(cmd, args, opts);
  }
  isElevated(): Promise<boolean> {
    return Promise.resolve(typeof process.getuid === "function" && process.getuid() === 0);
  }
  env(name: string): string | undefined {
    return process.env[name];
  }
  configDir(): string {
    return posix.join(process.env.XDG_CONFIG_HOME || posix.join(homedir(), ".config"), "vhdx-shrink");
  }
  selfCommand(): string[] {
    return processSelfCommand();
  }
  windowsBuild(): Promise<number | null> {
    return Promise.resolve(null);
  }
  consoleCodePage(): Promise<number | undefined> {
    return Promise.resolve(CP_UTF8);
  }
}
