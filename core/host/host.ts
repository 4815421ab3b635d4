/**
 * The host abstraction: everything that touches the operating system goes through a {@link Host}.
 * Strategies, discovery and the CLI receive one and never ask which OS they run on.
 * @module
 */
import type { BlockFile, OpenMode } from "../io/block_file.ts";

/**
 * The path functions of the host's OS: node:path's `win32` on Windows, `posix` elsewhere (either one
 * satisfies this). Declared here rather than as node's `PlatformPath`, so the published types
 * type-check without @types/node.
 */
export interface HostPath {
  readonly sep: string;
  join(...paths: string[]): string;
  resolve(...paths: string[]): string;
  dirname(path: string): string;
  basename(path: string, suffix?: string): string;
  extname(path: string): string;
  normalize(path: string): string;
  isAbsolute(path: string): boolean;
  relative(from: string, to: string): string;
  parse(path: string): { root: string; dir: string; base: string; ext: string; name: string };
}

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
  /** Bytes actually allocated on the volume (size on disk); null when the host could not tell ("unknown": never 0 or the length). */
  allocatedSize: number | null;
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
  /**
   * True when another process holds the file open so that it cannot be opened exclusively (a running
   * VM, Docker): on Windows CreateFileW with share mode 0 failing with ERROR_SHARING_VIOLATION.
   * Read-only files and access denied are not "in use": they are thrown with their own reason.
   */
  isLocked(path: string): Promise<boolean>;
  /**
   * Optional (Windows): holds `path` open so that no other process can open it for writing — WSL's
   * VHD attach, Hyper-V, a second writer — until `release()`, while this process's own opens and
   * writes through {@link open} keep working (CreateFileW with a share mode that denies other
   * writers; docs/windows-facts.md). Throws `DiskHeldError` (core/errors.ts) with "in use by another
   * program" when the file is already open for writing elsewhere (ERROR_SHARING_VIOLATION).
   * The one-writer hold (core/hold/disk_hold.ts) calls it when present; hosts without it rely
   * on the lock file alone.
   */
  holdExclusive?(path: string): Promise<{ release(): Promise<void> }>;
  /** Attribute flags and size on disk; null when the file does not exist. Hosts without them report all false. */
  attributes(path: string): Promise<FileAttributes | null>;
  /** Opens a file for the disk engines. */
  open(path: string, mode: OpenMode): Promise<BlockFile>;
  /** A new temporary folder. */
  makeTempDir(prefix: string): Promise<string>;
}

/**
 * The registry (Windows only; other hosts return nothing). WindowsHost asks the API (RegOpenKeyExW,
 * RegEnumKeyExW, RegEnumValueW: UTF-16, no code page; docs/windows-facts.md §11); keys are written
 * `HKCU\...` or `HKEY_CURRENT_USER\...`.
 */
export interface HostRegistry {
  /** Subkey names (last path component) of `key`, e.g. `HKCU\Software\...\Lxss`. */
  subkeys(key: string): Promise<string[]>;
  /** Values of one key by name (REG_SZ/REG_EXPAND_SZ as written, REG_DWORD/REG_QWORD as numbers, REG_MULTI_SZ as lists); empty when the key does not exist. */
  values(key: string): Promise<Record<string, RegistryValue>>;
  /** Writes a REG_DWORD value of an existing key (RegSetKeyValueW); throws with the Win32 error when it cannot. */
  setDword(key: string, name: string, value: number): Promise<void>;
}

/** A running process as the process snapshot lists it (CreateToolhelp32Snapshot, PROCESSENTRY32W). */
export interface ProcessEntry {
  /** Image name, e.g. `Docker Desktop.exe` (never translated). */
  name: string;
  pid: number;
  parentPid: number;
}

/**
 * A service's state (SERVICE_STATUS_PROCESS.dwCurrentState grouped): `absent` when it is not
 * installed (ERROR_SERVICE_DOES_NOT_EXIST), `unknown` when it could not be asked.
 */
export type ServiceState = "running" | "stopped" | "pending" | "absent" | "unknown";

/** What a service stop or start came to. */
export interface ServiceControlResult {
  /** The state afterwards, asked again (never assumed from the request). */
  state: ServiceState;
  /** Win32 error of the failed step (5 ERROR_ACCESS_DENIED, 1223 ERROR_CANCELLED: the UAC prompt was declined, ...); absent on success. */
  error?: number;
  /** One line on what failed; absent on success. */
  message?: string;
}

/**
 * Windows services through the Service Control Manager (OpenSCManagerW, OpenServiceW,
 * QueryServiceStatusEx, ControlService, StartServiceW). Stopping and starting need an elevated
 * process; from a limited token the host does the same step elevated (one UAC prompt).
 * Other hosts have no services: `absent`.
 */
export interface HostServices {
  state(name: string): Promise<ServiceState>;
  /** Stops the service and waits (up to `timeoutMs`) until it reports stopped. */
  stop(name: string, opts?: { timeoutMs?: number; signal?: AbortSignal }): Promise<ServiceControlResult>;
  /** Starts the service and waits (up to `timeoutMs`) until it reports running. */
  start(name: string, opts?: { timeoutMs?: number; signal?: AbortSignal }): Promise<ServiceControlResult>;
}

/** File attribute facts (GetFileAttributesW, GetCompressedFileSizeW); Windows only. */
export interface FileAttributes {
  sparse: boolean;
  compressed: boolean;
  encrypted: boolean;
  readOnly: boolean;
  /** Size on disk (GetCompressedFileSizeW, or `fs.stat` blocks); undefined when neither could tell. */
  sizeOnDisk: number | undefined;
}

/** The OS underneath, as far as the rest of the program may know it. */
export type HostKind = "windows" | "posix" | "simulated";

/** Everything that touches the OS. */
export interface Host {
  readonly kind: HostKind;
  /** True when Windows tools (wsl.exe, diskpart, registry) exist on this host, real or simulated. */
  readonly isWindows: boolean;
  /** Path functions in the host's syntax (`path.win32` or `path.posix`). */
  readonly path: HostPath;
  readonly fs: HostFs;
  readonly registry: HostRegistry;
  exec(cmd: string, args: string[], opts?: ExecOptions): Promise<ExecResult>;
  /**
   * Whether this process runs elevated (administrator). Windows: the token's TokenElevation
   * (OpenProcessToken + GetTokenInformation); `VHDX_SHRINK_LIMITED_TOKEN=1` makes it false, a test
   * and diagnosis switch (Wine gives every process a full token) never passed to an elevated child.
   */
  isElevated(): Promise<boolean>;
  /** Running processes (Windows: the Toolhelp snapshot); empty where there is none to ask. */
  processes(): Promise<ProcessEntry[]>;
  /** Windows services; every service is `absent` off Windows. */
  readonly services: HostServices;
  /** Environment variable lookup. */
  env(name: string): string | undefined;
  /** Folder for user configuration (plugins folder lives under it). */
  configDir(): string;
  /** Windows build number, or null off Windows. */
  windowsBuild(): Promise<number | null>;
  /**
   * The code page Windows console programs (diskpart, PowerShell, ...) write when their output is
   * piped, and in which diskpart reads a script: the console output code page (GetConsoleOutputCP),
   * or the OEM one (GetOEMCP) without a console (docs/windows-facts.md §7). UTF-8 (65001) off
   * Windows; undefined when it cannot be learned.
   */
  consoleCodePage(): Promise<number | undefined>;
  /**
   * The program and arguments that start this CLI again (the compiled binary, or runtime + script),
   * for scheduled tasks that run it later.
   */
  selfCommand(): string[];
}
