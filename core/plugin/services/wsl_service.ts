/**
 * The WSL a strategy may drive, as methods on `ctx.wsl`: list and state, shutdown and terminate,
 * export, import and unregister, `--manage --set-sparse`, the registration's default user, and a
 * command run inside a distro. A thin facade over core/wsl; each command also has its exact command
 * line in {@link WslCommands} so a plan shows what the run will do.
 * @module
 */
import type { Host } from "../../host/host.ts";
import { formatWslCommand, runWsl } from "../../wsl/run_wsl.ts";
import type { WslCallOptions, WslResult } from "../../wsl/run_wsl.ts";
import { isRegistered, listDistros } from "../../wsl/list.ts";
import type { ListedDistro } from "../../wsl/list.ts";
import { compareVersions, wslVersion } from "../../wsl/version.ts";
import type { WslVersionInfo } from "../../wsl/version.ts";
import { shutdownWsl, terminateDistro, unregisterDistro } from "../../wsl/lifecycle.ts";
import { exportArgs, exportDistro, importArgs, importDistro } from "../../wsl/transfer.ts";
import { setSparse, setSparseArgs } from "../../wsl/sparse.ts";
import type { SetSparseOutcome } from "../../wsl/sparse.ts";
import { defaultUidArgs, findRegistration, setDefaultUid } from "../../wsl/default_uid.ts";
import type { Registration } from "../../wsl/default_uid.ts";

export type { ListedDistro, Registration, SetSparseOutcome, WslCallOptions, WslResult, WslVersionInfo };

/** Exact command lines, for plan steps and for messages that tell the user what to run by hand. */
export interface WslCommands {
  /** `wsl.exe` with these arguments, quoted as a user would type it. */
  line(args: string[]): string;
  export(distro: string, tarPath: string): string;
  import(distro: string, installDir: string, tarPath: string): string;
  unregister(distro: string): string;
  shutdown(): string;
  terminate(distro: string): string;
  setSparse(distro: string, sparse: boolean, allowUnsafe: boolean): string;
  /** Runs `command` in `distro` as `user` (`wsl -d D -u user -e …`). */
  run(distro: string, command: string[], user?: string): string;
  /** The `reg` command that sets a distro's DefaultUid. */
  setDefaultUid(distroId: string, uid: number): string;
}

/** WSL operations; failures throw `WslCommandError` with the command line in the message. */
export interface WslService {
  /** Registered distros with state and version (`wsl --list --verbose`). */
  list(opts?: WslCallOptions): Promise<ListedDistro[]>;
  /** Whether a distro of that name is registered (case-insensitive, as WSL compares). */
  isRegistered(distro: string, opts?: WslCallOptions): Promise<boolean>;
  /** The distro's state ("Running", "Stopped", …), or null when it is not registered. */
  state(distro: string, opts?: WslCallOptions): Promise<string | null>;
  /** `wsl --version`, or null for the inbox wsl.exe that has none. */
  version(): Promise<WslVersionInfo | null>;
  /** Compares dotted versions: negative, 0 or positive. */
  compareVersions(a: string, b: string): number;
  shutdown(opts?: WslCallOptions): Promise<void>;
  terminate(distro: string, opts?: WslCallOptions): Promise<void>;
  export(distro: string, tarPath: string, opts?: WslCallOptions): Promise<void>;
  import(distro: string, installDir: string, tarPath: string, opts?: WslCallOptions): Promise<void>;
  /** Deletes the distro and its disk. */
  unregister(distro: string, opts?: WslCallOptions): Promise<void>;
  /** `wsl --manage D --set-sparse`; "unsafe-gate" when WSL demands `--allow-unsafe` and it was not given. */
  setSparse(distro: string, sparse: boolean, allowUnsafe: boolean, opts?: WslCallOptions): Promise<SetSparseOutcome>;
  /** The distro's registry entry (GUID, folder, default user), or null when it is not registered. */
  registration(distro: string): Promise<Registration | null>;
  setDefaultUid(distro: string, uid: number): Promise<void>;
  /** Runs a Linux command in the distro (starting it); output is returned, a non-zero exit is not thrown. */
  run(distro: string, command: string[], opts?: WslCallOptions & { user?: string }): Promise<WslResult>;
  commands: WslCommands;
}

const runArgs = (distro: string, command: string[], user?: string) => ["-d", distro, ...(user ? ["-u", user] : []), "-e", ...command];

/** The command lines of {@link WslService}; pure, so plans need no host. */
export const wslCommands: WslCommands = {
  line: formatWslCommand,
  export: (d, tar) => formatWslCommand(exportArgs(d, tar)),
  import: (d, dir, tar) => formatWslCommand(importArgs(d, dir, tar)),
  unregister: (d) => formatWslCommand(["--unregister", d]),
  shutdown: () => formatWslCommand(["--shutdown"]),
  terminate: (d) => formatWslCommand(["--terminate", d]),
  setSparse: (d, sparse, allowUnsafe) => formatWslCommand(setSparseArgs(d, sparse, allowUnsafe)),
  run: (d, command, user) => formatWslCommand(runArgs(d, command, user)),
  setDefaultUid: (id, uid) => `reg ${defaultUidArgs(id, uid).join(" ")}`,
};

/** The WSL service over a host. */
export function wslService(host: Host): WslService {
  return {
    list: (opts) => listDistros(host, opts),
    isRegistered: (d, opts) => isRegistered(host, d, opts),
    async state(d, opts) {
      const row = (await listDistros(host, opts)).find((r) => r.name.toLowerCase() === d.toLowerCase());
      return row ? row.state : null;
    },
    version: () => wslVersion(host),
    compareVersions,
    shutdown: (opts) => shutdownWsl(host, opts),
    terminate: (d, opts) => terminateDistro(host, d, opts),
    export: (d, tar, opts) => exportDistro(host, d, tar, opts),
    import: (d, dir, tar, opts) => importDistro(host, d, dir, tar, opts),
    unregister: (d, opts) => unregisterDistro(host, d, opts),
    setSparse: (d, sparse, allowUnsafe, opts) => setSparse(host, d, sparse, allowUnsafe, opts),
    registration: (d) => findRegistration(host, d),
    setDefaultUid: (d, uid) => setDefaultUid(host, d, uid),
    run: (d, command, opts = {}) => runWsl(host, runArgs(d, command, opts.user), { ...opts, linuxOutput: true }),
    commands: wslCommands,
  };
}
