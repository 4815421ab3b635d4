/**
 * The WSL a strategy may drive, as methods on `ctx.wsl`: list and state, shutdown and terminate,
 * export, import and unregister, `--manage --set-sparse`, the registration's default user, and a
 * command run inside a distro. A thin facade over core/wsl; every call that changes something is a
 * {@link Command}: its exact line for the plan and its `run` come from one declaration.
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
import { compactArgs, compactDistro, wslHasCompact } from "../../wsl/manage_compact.ts";
import type { SetSparseOutcome } from "../../wsl/sparse.ts";
import { defaultUidArgs, findRegistration, setDefaultUid } from "../../wsl/default_uid.ts";
import type { Registration } from "../../wsl/default_uid.ts";

export type { ListedDistro, Registration, SetSparseOutcome, WslCallOptions, WslResult, WslVersionInfo };

/**
 * One program call as a value: `line` is the exact command line (for a plan step, or a message that
 * tells the user what to run by hand) and `run` makes the call, so both come from one declaration.
 */
export interface Command<T = void> {
  readonly line: string;
  run(opts?: WslCallOptions): Promise<T>;
}

/**
 * WSL operations. Queries return their answer; every call that changes something is a
 * {@link Command}; failures throw `WslCommandError` with the command line in the message.
 */
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
  /** The distro's registry entry (GUID, folder, default user), or null when it is not registered. */
  registration(distro: string): Promise<Registration | null>;
  /** `wsl.exe` with these arguments, quoted as a user would type it. */
  line(args: string[]): string;
  shutdown(): Command;
  terminate(distro: string): Command;
  export(distro: string, tarPath: string): Command;
  import(distro: string, installDir: string, tarPath: string): Command;
  /** Deletes the distro and its disk. */
  unregister(distro: string): Command;
  /** `wsl --manage D --set-sparse`; "unsafe-gate" when WSL demands `--allow-unsafe` and it was not given. */
  setSparse(distro: string, sparse: boolean, allowUnsafe: boolean): Command<SetSparseOutcome>;
  /** Whether this wsl.exe has `--manage --compact` (read from its usage text; core/wsl/manage_compact.ts). */
  hasCompact(): Promise<boolean>;
  /** `wsl --manage D --compact`: WSL stops the distro, trims free ext4 blocks offline and compacts the VHDX. */
  compact(distro: string): Command;
  /** The `reg` call that sets the distro's DefaultUid; `distroId` (its GUID) makes the line exact. */
  setDefaultUid(distro: string, uid: number, distroId?: string): Command;
  /** Runs a Linux command in the distro as `user` (starting it); output is returned, a non-zero exit is not thrown. */
  run(distro: string, command: string[], user?: string): Command<WslResult>;
}

const runArgs = (distro: string, command: string[], user?: string) => ["-d", distro, ...(user ? ["-u", user] : []), "-e", ...command];

/** The WSL service over a host. */
export function wslService(host: Host): WslService {
  const call = <T>(line: string, run: (opts: WslCallOptions) => Promise<T>): Command<T> => ({ line, run: (opts = {}) => run(opts) });
  return {
    list: (opts) => listDistros(host, opts),
    isRegistered: (d, opts) => isRegistered(host, d, opts),
    async state(d, opts) {
      const row = (await listDistros(host, opts)).find((r) => r.name.toLowerCase() === d.toLowerCase());
      return row ? row.state : null;
    },
    version: () => wslVersion(host),
    compareVersions,
    registration: (d) => findRegistration(host, d),
    line: formatWslCommand,
    shutdown: () => call(formatWslCommand(["--shutdown"]), (opts) => shutdownWsl(host, opts)),
    terminate: (d) => call(formatWslCommand(["--terminate", d]), (opts) => terminateDistro(host, d, opts)),
    export: (d, tar) => call(formatWslCommand(exportArgs(d, tar)), (opts) => exportDistro(host, d, tar, opts)),
    import: (d, dir, tar) => call(formatWslCommand(importArgs(d, dir, tar)), (opts) => importDistro(host, d, dir, tar, opts)),
    unregister: (d) => call(formatWslCommand(["--unregister", d]), (opts) => unregisterDistro(host, d, opts)),
    setSparse: (d, sparse, allowUnsafe) => call(formatWslCommand(setSparseArgs(d, sparse, allowUnsafe)), (opts) => setSparse(host, d, sparse, allowUnsafe, opts)),
    hasCompact: () => wslHasCompact(host),
    compact: (d) => call(formatWslCommand(compactArgs(d)), (opts) => compactDistro(host, d, opts)),
    setDefaultUid: (d, uid, id) => call(`reg ${defaultUidArgs(id ?? "{GUID}", uid).join(" ")}`, () => setDefaultUid(host, d, uid)),
    run: (d, command, user) => call(formatWslCommand(runArgs(d, command, user)), (opts) => runWsl(host, runArgs(d, command, user), { ...opts, linuxOutput: true })),
  };
}
