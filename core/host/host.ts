/**
 * The host abstraction: everything that touches the operating system goes through a {@link Host}.
 * Strategies, discovery and the CLI receive one and never ask which OS they run on.
 * @module
 */
import type { PlatformPath } from "node:path";
import type { BlockFile, OpenMode } from "../io/block_file.ts";

/** Options for running a program. */
export interface ExecOptions {
  /** Kill the program after this many milliseconds. */
  timeoutMs?: number;
  /** Bytes or text written to the program's standard input. */
  stdin?: string | Uint8Array;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /**
   * How to decode output: `utf16le` for `wsl.exe` (unless `WSL_UTF8=1`), `utf8`, or `auto` (default):
   * UTF-16LE when a BOM or NUL-interleaved ASCII is seen, else UTF-8.
   */
  encoding?: "utf8" | "utf16le" | "auto";
  /** Run this one step elevated (Windows: UAC prompt / runas). */
  elevated?: boolean;
  /** Working directory. */
  cwd?: string;
  /** Aborts the program (SIGTERM) when signalled. */
  signal?: AbortSignal;
}

/** A finished program. */
export interface ExecResult {
  /** Exit code; negative Windows codes are reported signed (wsl.exe exits -1). */
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** What the host knows about a file. */
export interface FileInfo {
  size: number;
  /** Bytes actually allocated on the volume (size on disk). */
  allocatedSize: number;
  isSparse: boolean;
  /** Why the sparse flag could not be read (isSparse is then judged from the size on disk); absent when it was read. */
  sparseUnknown?: string;
  isDirectory: boolean;
  mtimeMs: number;
}

/** A registry value as `reg query` reports it. */
export type RegistryValue = string | number | string[];

/** The filesystem side of the host. Paths are in the host's own syntax. */
export interface HostFs {
  stat(path: string): Promise<FileInfo | null>;
  exists(path: string): Promise<boolean>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  readText(path: string): Promise<string>;
  writeText(path: string, text: string): Promise<void>;
  listDir(path: string): Promise<string[]>;
  /** Free bytes on the volume holding `path`. */
  freeSpace(path: string): Promise<number>;
  /** Sets or clears the sparse attribute (Windows `fsutil sparse setflag`); a no-op where files have none. */
  setSparse(path: string, sparse: boolean): Promise<void>;
  /** True when another process holds the file open exclusively (a running VM, Docker). */
  isLocked(path: string): Promise<boolean>;
  /**
   * Optional (Windows): holds `path` open so that no other process can open it for writing — WSL's
   * VHD attach, Hyper-V, a second writer — until `release()`, while this process's own opens and
   * writes through {@link open} keep working (CreateFileW with a share mode that denies other
   * writers; docs/windows-facts.md). Throws `DiskHeldError` (core/errors.ts) with "in use by another
   * program" when the file is already open for writing elsewhere (ERROR_SHARING_VIOLATION).
   * The one-writer hold (core/compact/disk_hold.ts) calls it when present; hosts without it rely
   * on the lock file alone.
   */
  holdExclusive?(path: string): Promise<{ release(): Promise<void> }>;
  /** Opens a file for the disk engines. */
  open(path: string, mode: OpenMode): Promise<BlockFile>;
  /** A new temporary folder. */
  makeTempDir(prefix: string): Promise<string>;
}

/** Registry reads (Windows only; other hosts return nothing). */
export interface HostRegistry {
  /** Subkey names (last path component) of `key`, e.g. `HKCU\Software\...\Lxss`. */
  subkeys(key: string): Promise<string[]>;
  /** Values of one key by name; empty when the key does not exist. */
  values(key: string): Promise<Record<string, RegistryValue>>;
}

/** The OS underneath, as far as the rest of the program may know it. */
export type HostKind = "windows" | "posix" | "simulated";

/** Everything that touches the OS. */
export interface Host {
  readonly kind: HostKind;
  /** True when Windows tools (wsl.exe, diskpart, registry) exist on this host, real or simulated. */
  readonly isWindows: boolean;
  /** Path functions in the host's syntax (`path.win32` or `path.posix`). */
  readonly path: PlatformPath;
  readonly fs: HostFs;
  readonly registry: HostRegistry;
  exec(cmd: string, args: string[], opts?: ExecOptions): Promise<ExecResult>;
  /** Whether this process runs elevated (administrator). */
  isElevated(): Promise<boolean>;
  /** Environment variable lookup. */
  env(name: string): string | undefined;
  /** Folder for user configuration (plugins folder lives under it). */
  configDir(): string;
  /** Windows build number, or null off Windows. */
  windowsBuild(): Promise<number | null>;
  /**
   * The code page Windows console programs (reg, diskpart, sc, net, tasklist, ...) write when their
   * output is piped, and in which diskpart reads a script: the console output code page, or the
   * OEM one without a console (core/host/console_code_page.ts). UTF-8 (65001) off Windows;
   * undefined when it cannot be learned.
   */
  consoleCodePage(): Promise<number | undefined>;
  /**
   * The program and arguments that start this CLI again (the compiled binary, or runtime + script),
   * for scheduled tasks that run it later.
   */
  selfCommand(): string[];
}
