/**
 * The Win32 functions vhdx-shrink calls, declared once for every runtime's FFI (bun:ffi,
 * Deno.dlopen, koffi): parameter and return types in a neutral form the adapters translate.
 * Pointers are passed as byte buffers (UTF-16 strings as `Buffer.from(s + "\0", "utf16le")`), handles
 * and HKEYs as 64-bit integers (docs/windows-facts.md §11: measured with bun:ffi under Wine 8).
 * Signatures are Learn's (learn.microsoft.com, each function's page).
 * @module
 */

/** A parameter or return type: 32-bit integers, a 64-bit handle, or a pointer to a buffer (or null). */
export type NativeType = "u32" | "i32" | "u64" | "ptr";

/** One function: its DLL, parameter types and return type. */
export interface Declaration {
  dll: "kernel32.dll" | "advapi32.dll";
  params: readonly NativeType[];
  result: NativeType;
}

/** Everything the product calls. */
export const DECLARATIONS = {
  // advapi32: registry (winreg.h)
  RegOpenKeyExW: { dll: "advapi32.dll", params: ["u64", "ptr", "u32", "u32", "ptr"], result: "i32" },
  RegEnumKeyExW: { dll: "advapi32.dll", params: ["u64", "u32", "ptr", "ptr", "ptr", "ptr", "ptr", "ptr"], result: "i32" },
  RegEnumValueW: { dll: "advapi32.dll", params: ["u64", "u32", "ptr", "ptr", "ptr", "ptr", "ptr", "ptr"], result: "i32" },
  RegSetValueExW: { dll: "advapi32.dll", params: ["u64", "ptr", "u32", "u32", "ptr", "u32"], result: "i32" },
  RegCloseKey: { dll: "advapi32.dll", params: ["u64"], result: "i32" },
  // advapi32: token (securitybaseapi.h, processthreadsapi.h)
  OpenProcessToken: { dll: "advapi32.dll", params: ["u64", "u32", "ptr"], result: "i32" },
  GetTokenInformation: { dll: "advapi32.dll", params: ["u64", "u32", "ptr", "u32", "ptr"], result: "i32" },
  // advapi32: Service Control Manager (winsvc.h)
  OpenSCManagerW: { dll: "advapi32.dll", params: ["ptr", "ptr", "u32"], result: "u64" },
  OpenServiceW: { dll: "advapi32.dll", params: ["u64", "ptr", "u32"], result: "u64" },
  QueryServiceStatusEx: { dll: "advapi32.dll", params: ["u64", "u32", "ptr", "u32", "ptr"], result: "i32" },
  ControlService: { dll: "advapi32.dll", params: ["u64", "u32", "ptr"], result: "i32" },
  StartServiceW: { dll: "advapi32.dll", params: ["u64", "u32", "ptr"], result: "i32" },
  CloseServiceHandle: { dll: "advapi32.dll", params: ["u64"], result: "i32" },
  // kernel32
  GetCurrentProcess: { dll: "kernel32.dll", params: [], result: "u64" },
  GetLastError: { dll: "kernel32.dll", params: [], result: "u32" },
  CloseHandle: { dll: "kernel32.dll", params: ["u64"], result: "i32" },
  CreateToolhelp32Snapshot: { dll: "kernel32.dll", params: ["u32", "u32"], result: "u64" },
  Process32FirstW: { dll: "kernel32.dll", params: ["u64", "ptr"], result: "i32" },
  Process32NextW: { dll: "kernel32.dll", params: ["u64", "ptr"], result: "i32" },
  GetFileAttributesW: { dll: "kernel32.dll", params: ["ptr"], result: "u32" },
  GetCompressedFileSizeW: { dll: "kernel32.dll", params: ["ptr", "ptr"], result: "u32" },
  GetDiskFreeSpaceExW: { dll: "kernel32.dll", params: ["ptr", "ptr", "ptr", "ptr"], result: "i32" },
  CreateFileW: { dll: "kernel32.dll", params: ["ptr", "u32", "u32", "ptr", "u32", "u32", "u64"], result: "u64" },
  DeviceIoControl: { dll: "kernel32.dll", params: ["u64", "u32", "ptr", "u32", "ptr", "u32", "ptr", "ptr"], result: "i32" },
  MultiByteToWideChar: { dll: "kernel32.dll", params: ["u32", "u32", "ptr", "i32", "ptr", "i32"], result: "i32" },
  GetConsoleOutputCP: { dll: "kernel32.dll", params: [], result: "u32" },
  GetOEMCP: { dll: "kernel32.dll", params: [], result: "u32" },
} as const satisfies Record<string, Declaration>;

/** The declared function names. */
export type Win32Name = keyof typeof DECLARATIONS;

/** A value passed to a native function: numbers and bigints for integers, a buffer or null for a pointer. */
export type NativeArg = number | bigint | Uint8Array | null;

/**
 * The loaded functions, as every adapter exposes them: integer results as `number` (u32/i32) or
 * `bigint` (u64, handles).
 */
export type NativeFunctions = { [K in Win32Name]: (...args: NativeArg[]) => number | bigint };
