/**
 * The real host on Linux and macOS: file work only. There is no WSL, registry or Hyper-V here, so
 * only strategies that work on a file at hand (native) are available.
 * @module
 */
import { posix } from "node:path";
import type { PlatformPath } from "node:path";
import { homedir } from "node:os";
import type { ExecOptions, ExecResult, Host, HostRegistry } from "./host.ts";
import { LocalFs } from "./local_fs.ts";
import { spawnProgram } from "./spawn.ts";
import { processSelfCommand } from "./self_command.ts";
import { CP_UTF8 } from "./code_page.ts";

const NO_REGISTRY: HostRegistry = {
  subkeys: () => Promise.resolve([]),
  values: () => Promise.resolve({}),
};

/** A Linux or macOS machine. */
export class PosixHost implements Host {
  readonly kind = "posix" as const;
  readonly isWindows = false;
  readonly path: PlatformPath = posix;
  readonly fs = new LocalFs();
  readonly registry = NO_REGISTRY;
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
