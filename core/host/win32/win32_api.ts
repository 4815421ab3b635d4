/**
 * What the product asks Windows, on top of the declared functions (declarations.ts), whatever the
 * runtime's FFI: registry keys and values in UTF-16, the token's elevation, the process snapshot,
 * services, file attributes, size on disk, free space, "in use", the sparse flag, an exclusive
 * hold and the code-page converter. Structure layouts and constants are the Windows SDK's
 * (winreg.h, winnt.h, tlhelp32.h, winsvc.h, fileapi.h, winioctl.h), as Learn documents them.
 * @module
 */
import type { NativeArg, NativeFunctions } from "./declarations.ts";
import type { ProcessEntry, ServiceState } from "../host.ts";

/** Win32 error codes (winerror.h). */
export const ERROR = {
  SUCCESS: 0,
  FILE_NOT_FOUND: 2,
  PATH_NOT_FOUND: 3,
  ACCESS_DENIED: 5,
  SHARING_VIOLATION: 32,
  LOCK_VIOLATION: 33,
  MORE_DATA: 234,
  NO_MORE_ITEMS: 259,
  SERVICE_ALREADY_RUNNING: 1056,
  SERVICE_DOES_NOT_EXIST: 1060,
  SERVICE_NOT_ACTIVE: 1062,
  CANCELLED: 1223,
} as const;

const ROOT_KEYS: Record<string, bigint> = {
  HKEY_CLASSES_ROOT: 0x80000000n, HKCR: 0x80000000n,
  HKEY_CURRENT_USER: 0x80000001n, HKCU: 0x80000001n,
  HKEY_LOCAL_MACHINE: 0x80000002n, HKLM: 0x80000002n,
  HKEY_USERS: 0x80000003n, HKU: 0x80000003n,
};
/** KEY_READ, KEY_SET_VALUE, KEY_WOW64_64KEY (winnt.h): the 64-bit view, whatever the process. */
const KEY_READ = 0x20019, KEY_SET_VALUE = 0x0002, KEY_WOW64_64KEY = 0x0100;
/** Registry value types (winnt.h). */
const REG_SZ = 1, REG_EXPAND_SZ = 2, REG_DWORD = 4, REG_MULTI_SZ = 7, REG_QWORD = 11;
/** Longest key name and value name in characters (Learn "Registry Element Size Limits"). */
const MAX_KEY_CHARS = 256, MAX_VALUE_NAME_CHARS = 16_384;

/** TOKEN_QUERY and TokenElevation (winnt.h TOKEN_INFORMATION_CLASS = 20). */
const TOKEN_QUERY = 0x0008, TOKEN_ELEVATION = 20;

/** TH32CS_SNAPPROCESS; sizeof(PROCESSENTRY32W) on x64 and its field offsets (tlhelp32.h). */
const TH32CS_SNAPPROCESS = 0x2, PROCESSENTRY32W_SIZE = 568;
const PE_PID = 8, PE_PARENT_PID = 32, PE_EXE_FILE = 44, MAX_PATH = 260;

/** SC_MANAGER_CONNECT, SERVICE_QUERY_STATUS, SERVICE_START, SERVICE_STOP, SERVICE_CONTROL_STOP, SC_STATUS_PROCESS_INFO (winsvc.h). */
const SC_MANAGER_CONNECT = 0x1, SERVICE_QUERY_STATUS = 0x4, SERVICE_START = 0x10, SERVICE_STOP = 0x20;
const SERVICE_CONTROL_STOP = 1, SC_STATUS_PROCESS_INFO = 0, SERVICE_STATUS_PROCESS_SIZE = 36;
/** SERVICE_STATUS.dwCurrentState values (winsvc.h) grouped. */
const SERVICE_STATES: Record<number, ServiceState> = { 1: "stopped", 2: "pending", 3: "pending", 4: "running", 5: "pending", 6: "pending", 7: "stopped" };

/** File attributes (winnt.h) and INVALID_FILE_ATTRIBUTES / INVALID_FILE_SIZE (fileapi.h). */
export const FILE_ATTRIBUTE = { READONLY: 0x1, SPARSE_FILE: 0x200, COMPRESSED: 0x800, ENCRYPTED: 0x4000 } as const;
const INVALID_FILE_ATTRIBUTES = 0xffffffff, INVALID_FILE_SIZE = 0xffffffff;
/** Access rights, share modes and dispositions of CreateFileW (winnt.h, fileapi.h). */
export const GENERIC_READ = 0x80000000, GENERIC_WRITE = 0x40000000;
export const FILE_SHARE_READ = 0x1, FILE_SHARE_WRITE = 0x2, FILE_SHARE_DELETE = 0x4;
const OPEN_EXISTING = 3, FILE_ATTRIBUTE_NORMAL = 0x80;
const INVALID_HANDLE_VALUE = 0xffffffffffffffffn;
/** FSCTL_SET_SPARSE (winioctl.h); its input is FILE_SET_SPARSE_BUFFER, one BOOLEAN. */
const FSCTL_SET_SPARSE = 0x000900c4;

/** A Win32 call that failed, with its error code. */
export class Win32Error extends Error {
  readonly code: number;
  constructor(what: string, code: number) {
    super(`${what} failed: Win32 error ${code}`);
    this.code = code;
  }
}

/** A NUL-terminated UTF-16LE string for a `LPCWSTR` parameter. */
export function wide(text: string): Uint8Array {
  const out = new Uint8Array((text.length + 1) * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i * 2] = c & 0xff;
    out[i * 2 + 1] = c >> 8;
  }
  return out;
}

/** The UTF-16LE text of `chars` characters at `offset` (up to the first NUL when `chars` is absent). */
export function readWide(buf: Uint8Array, offset = 0, chars?: number): string {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let s = "";
  for (let i = 0; offset + i * 2 + 1 < buf.length && (chars === undefined || i < chars); i++) {
    const c = view.getUint16(offset + i * 2, true);
    if (chars === undefined && c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

function dv(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

function handle(v: number | bigint): bigint {
  return BigInt.asUintN(64, BigInt(v));
}

/** Splits `HKCU\Software\...` into the root HKEY and the subkey path; throws on an unknown root. */
export function splitKey(key: string): { root: bigint; sub: string } {
  const at = key.indexOf("\\");
  const rootName = (at < 0 ? key : key.slice(0, at)).toUpperCase();
  const root = ROOT_KEYS[rootName];
  if (root === undefined) throw new Error(`unknown registry root ${rootName}`);
  return { root, sub: at < 0 ? "" : key.slice(at + 1) };
}

/** A registry value as the product reads it. */
export type RegValue = string | number | string[];

/** Decodes one value's data by type; other types (REG_BINARY, ...) are left out. */
export function decodeRegValue(type: number, data: Uint8Array): RegValue | undefined {
  if (type === REG_SZ || type === REG_EXPAND_SZ) return readWide(data, 0, Math.floor(data.length / 2)).replace(/\0+$/, "");
  if (type === REG_DWORD && data.length >= 4) return dv(data).getUint32(0, true);
  if (type === REG_QWORD && data.length >= 8) return Number(dv(data).getBigUint64(0, true));
  if (type === REG_MULTI_SZ) return readWide(data, 0, Math.floor(data.length / 2)).split("\0").filter((s) => s.length > 0);
  return undefined;
}

/** The Windows API as the hosts use it. */
export class Win32Api {
  readonly #f: NativeFunctions;
  constructor(functions: NativeFunctions) {
    this.#f = functions;
  }
  #call(name: keyof NativeFunctions, ...args: NativeArg[]): number {
    return Number(this.#f[name](...args));
  }

  #openKey(key: string, access: number): bigint | null {
    const { root, sub } = splitKey(key);
    const out = new Uint8Array(8);
    const rc = this.#call("RegOpenKeyExW", root, wide(sub), 0, access | KEY_WOW64_64KEY, out);
    if (rc === ERROR.FILE_NOT_FOUND || rc === ERROR.PATH_NOT_FOUND) return null;
    if (rc !== 0) throw new Win32Error(`RegOpenKeyExW ${key}`, rc);
    return dv(out).getBigUint64(0, true);
  }

  /** Subkey names of `key`; empty when it does not exist. */
  regSubkeys(key: string): string[] {
    const h = this.#openKey(key, KEY_READ);
    if (h === null) return [];
    try {
      const names: string[] = [];
      for (let i = 0; ; i++) {
        const name = new Uint8Array(MAX_KEY_CHARS * 2);
        const len = new Uint8Array(4);
        dv(len).setUint32(0, MAX_KEY_CHARS, true);
        const rc = this.#call("RegEnumKeyExW", h, i, name, len, null, null, null, null);
        if (rc === ERROR.NO_MORE_ITEMS) return names;
        if (rc !== 0) throw new Win32Error(`RegEnumKeyExW ${key}`, rc);
        names.push(readWide(name, 0, dv(len).getUint32(0, true)));
      }
    } finally {
      this.#f.RegCloseKey(h);
    }
  }

  /** Values of `key` by name (the default value as ""); empty when it does not exist. */
  regValues(key: string): Record<string, RegValue> {
    const h = this.#openKey(key, KEY_READ);
    if (h === null) return {};
    try {
      const values: Record<string, RegValue> = {};
      let dataSize = 4096;
      for (let i = 0; ;) {
        const name = new Uint8Array(MAX_VALUE_NAME_CHARS * 2);
        const nameLen = new Uint8Array(4);
        dv(nameLen).setUint32(0, MAX_VALUE_NAME_CHARS, true);
        const type = new Uint8Array(4);
        const data = new Uint8Array(dataSize);
        const len = new Uint8Array(4);
        dv(len).setUint32(0, dataSize, true);
        const rc = this.#call("RegEnumValueW", h, i, name, nameLen, null, type, data, len);
        if (rc === ERROR.NO_MORE_ITEMS) return values;
        if (rc === ERROR.MORE_DATA) {
          dataSize = Math.max(dataSize * 2, dv(len).getUint32(0, true));
          continue; // the same index again with room for its data
        }
        if (rc !== 0) throw new Win32Error(`RegEnumValueW ${key}`, rc);
        const value = decodeRegValue(dv(type).getUint32(0, true), data.subarray(0, dv(len).getUint32(0, true)));
        if (value !== undefined) values[readWide(name, 0, dv(nameLen).getUint32(0, true))] = value;
        i++;
      }
    } finally {
      this.#f.RegCloseKey(h);
    }
  }

  /** Writes a REG_DWORD value of an existing key. */
  regSetDword(key: string, name: string, value: number): void {
    const h = this.#openKey(key, KEY_SET_VALUE);
    if (h === null) throw new Win32Error(`RegOpenKeyExW ${key}`, ERROR.FILE_NOT_FOUND);
    try {
      const data = new Uint8Array(4);
      dv(data).setUint32(0, value >>> 0, true);
      const rc = this.#call("RegSetValueExW", h, wide(name), 0, REG_DWORD, data, 4);
      if (rc !== 0) throw new Win32Error(`RegSetValueExW ${key}\\${name}`, rc);
    } finally {
      this.#f.RegCloseKey(h);
    }
  }

  /** TOKEN_ELEVATION.TokenIsElevated of this process's token. */
  tokenElevated(): boolean {
    const out = new Uint8Array(8);
    if (!this.#call("OpenProcessToken", handle(this.#f.GetCurrentProcess()), TOKEN_QUERY, out)) {
      throw new Win32Error("OpenProcessToken", this.#call("GetLastError"));
    }
    const token = dv(out).getBigUint64(0, true);
    try {
      const info = new Uint8Array(4);
      const len = new Uint8Array(4);
      if (!this.#call("GetTokenInformation", token, TOKEN_ELEVATION, info, 4, len)) {
        throw new Win32Error("GetTokenInformation(TokenElevation)", this.#call("GetLastError"));
      }
      return dv(info).getUint32(0, true) !== 0;
    } finally {
      this.#f.CloseHandle(token);
    }
  }

  /** The process snapshot: image name, pid and parent pid of every process. */
  processes(): ProcessEntry[] {
    const snap = handle(this.#f.CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0));
    if (snap === INVALID_HANDLE_VALUE) throw new Win32Error("CreateToolhelp32Snapshot", this.#call("GetLastError"));
    try {
      const list: ProcessEntry[] = [];
      const entry = new Uint8Array(PROCESSENTRY32W_SIZE);
      dv(entry).setUint32(0, PROCESSENTRY32W_SIZE, true);
      for (let ok = this.#call("Process32FirstW", snap, entry); ok; ok = this.#call("Process32NextW", snap, entry)) {
        const v = dv(entry);
        list.push({ name: readWide(entry.subarray(PE_EXE_FILE, PE_EXE_FILE + MAX_PATH * 2)), pid: v.getUint32(PE_PID, true), parentPid: v.getUint32(PE_PARENT_PID, true) });
      }
      return list;
    } finally {
      this.#f.CloseHandle(snap);
    }
  }

  #withService<T>(name: string, access: number, use: (service: bigint) => T): T | "absent" {
    const scm = handle(this.#f.OpenSCManagerW(null, null, SC_MANAGER_CONNECT));
    if (scm === 0n) throw new Win32Error("OpenSCManagerW", this.#call("GetLastError"));
    try {
      const service = handle(this.#f.OpenServiceW(scm, wide(name), access));
      if (service === 0n) {
        const err = this.#call("GetLastError");
        if (err === ERROR.SERVICE_DOES_NOT_EXIST) return "absent";
        throw new Win32Error(`OpenServiceW ${name}`, err);
      }
      try {
        return use(service);
      } finally {
        this.#f.CloseServiceHandle(service);
      }
    } finally {
      this.#f.CloseServiceHandle(scm);
    }
  }

  /** SERVICE_STATUS_PROCESS.dwCurrentState of a service, grouped. */
  serviceState(name: string): ServiceState {
    return this.#withService(name, SERVICE_QUERY_STATUS, (service) => {
      const status = new Uint8Array(SERVICE_STATUS_PROCESS_SIZE);
      const needed = new Uint8Array(4);
      if (!this.#call("QueryServiceStatusEx", service, SC_STATUS_PROCESS_INFO, status, SERVICE_STATUS_PROCESS_SIZE, needed)) {
        throw new Win32Error(`QueryServiceStatusEx ${name}`, this.#call("GetLastError"));
      }
      return SERVICE_STATES[dv(status).getUint32(4, true)] ?? "unknown";
    });
  }

  /**
   * Asks a service to stop (ControlService SERVICE_CONTROL_STOP) or start (StartServiceW); returns
   * the Win32 error, 0 when the request was taken (or the service already was in that state). The
   * caller waits for the state it asked for.
   */
  serviceControl(name: string, action: "stop" | "start"): number {
    const r = this.#withService(name, SERVICE_QUERY_STATUS | (action === "stop" ? SERVICE_STOP : SERVICE_START), (service) => {
      const ok = action === "stop"
        ? this.#call("ControlService", service, SERVICE_CONTROL_STOP, new Uint8Array(28))
        : this.#call("StartServiceW", service, 0, null);
      if (ok) return 0;
      const err = this.#call("GetLastError");
      return err === (action === "stop" ? ERROR.SERVICE_NOT_ACTIVE : ERROR.SERVICE_ALREADY_RUNNING) ? 0 : err;
    });
    return r === "absent" ? ERROR.SERVICE_DOES_NOT_EXIST : r;
  }

  /** GetFileAttributesW; null when the file does not exist. */
  fileAttributes(path: string): number | null {
    const a = this.#call("GetFileAttributesW", wide(path));
    if (a !== INVALID_FILE_ATTRIBUTES) return a;
    const err = this.#call("GetLastError");
    if (err === ERROR.FILE_NOT_FOUND || err === ERROR.PATH_NOT_FOUND) return null;
    throw new Win32Error(`GetFileAttributesW ${path}`, err);
  }

  /** GetCompressedFileSizeW: bytes the file takes on the volume; undefined when the call fails. */
  compressedFileSize(path: string): number | undefined {
    const high = new Uint8Array(4);
    const low = this.#call("GetCompressedFileSizeW", wide(path), high) >>> 0;
    if (low === INVALID_FILE_SIZE && this.#call("GetLastError") !== 0) return undefined;
    return dv(high).getUint32(0, true) * 2 ** 32 + low;
  }

  /** GetDiskFreeSpaceExW: bytes available to this user on the volume holding `path`. */
  diskFree(path: string): number {
    const avail = new Uint8Array(8);
    if (!this.#call("GetDiskFreeSpaceExW", wide(path), avail, null, null)) throw new Win32Error(`GetDiskFreeSpaceExW ${path}`, this.#call("GetLastError"));
    return Number(dv(avail).getBigUint64(0, true));
  }

  /** CreateFileW; the handle, or the Win32 error. */
  createFile(path: string, access: number, share: number): { handle: bigint } | { error: number } {
    const h = handle(this.#f.CreateFileW(wide(path), access, share, null, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, 0n));
    return h === INVALID_HANDLE_VALUE ? { error: this.#call("GetLastError") } : { handle: h };
  }

  closeHandle(h: bigint): void {
    this.#f.CloseHandle(h);
  }

  /** Sets or clears the sparse attribute (FSCTL_SET_SPARSE). */
  setSparse(path: string, sparse: boolean): void {
    const f = this.createFile(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE);
    if ("error" in f) throw new Win32Error(`CreateFileW ${path}`, f.error);
    try {
      const input = new Uint8Array([sparse ? 1 : 0]);
      if (!this.#call("DeviceIoControl", f.handle, FSCTL_SET_SPARSE, input, 1, null, 0, new Uint8Array(4), null)) {
        throw new Win32Error(`DeviceIoControl(FSCTL_SET_SPARSE) ${path}`, this.#call("GetLastError"));
      }
    } finally {
      this.closeHandle(f.handle);
    }
  }

  /** MultiByteToWideChar: `bytes` in `codePage` as text (the OS's converter, every code page it knows). */
  decode(bytes: Uint8Array, codePage: number): string {
    if (bytes.length === 0) return "";
    const chars = this.#call("MultiByteToWideChar", codePage, 0, bytes, bytes.length, null, 0);
    if (chars <= 0) throw new Win32Error(`MultiByteToWideChar(${codePage})`, this.#call("GetLastError"));
    const out = new Uint8Array(chars * 2);
    const n = this.#call("MultiByteToWideChar", codePage, 0, bytes, bytes.length, out, chars);
    if (n <= 0) throw new Win32Error(`MultiByteToWideChar(${codePage})`, this.#call("GetLastError"));
    return readWide(out, 0, n);
  }

  /** GetConsoleOutputCP (0 without a console) and GetOEMCP. */
  consoleOutputCodePage(): number {
    return this.#call("GetConsoleOutputCP");
  }
  oemCodePage(): number {
    return this.#call("GetOEMCP");
  }
}
