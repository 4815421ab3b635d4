/**
 * Loads the declared Win32 functions (declarations.ts) through this runtime's FFI, one small adapter
 * each: `bun:ffi` in Bun (and the compiled .exe), `Deno.dlopen` on Deno, `koffi` on Node. koffi is
 * imported only here, only when asked on Windows, so Linux and macOS installs never load it. The
 * module names are held in variables so bundlers (bun build --compile) leave them alone.
 * @module
 */
import { DECLARATIONS } from "./declarations.ts";
import type { Declaration, NativeArg, NativeFunctions, NativeType, Win32Name } from "./declarations.ts";

const NAMES = Object.keys(DECLARATIONS) as Win32Name[];

function byDll(): Map<string, Win32Name[]> {
  const m = new Map<string, Win32Name[]>();
  for (const n of NAMES) m.set(DECLARATIONS[n].dll, [...(m.get(DECLARATIONS[n].dll) ?? []), n]);
  return m;
}

async function loadBun(): Promise<NativeFunctions> {
  const name = "bun:ffi";
  const { dlopen, FFIType } = await import(name);
  const type = (t: NativeType) => ({ u32: FFIType.u32, i32: FFIType.i32, u64: FFIType.u64, ptr: FFIType.ptr })[t];
  const out: Partial<NativeFunctions> = {};
  for (const [dll, names] of byDll()) {
    const lib = dlopen(dll, Object.fromEntries(names.map((n) => {
      const d: Declaration = DECLARATIONS[n];
      return [n, { args: d.params.map(type), returns: type(d.result) }];
    })));
    for (const n of names) out[n] = (...args: NativeArg[]) => lib.symbols[n](...args);
  }
  return out as NativeFunctions;
}

interface DenoFfi {
  dlopen(path: string, symbols: Record<string, { parameters: string[]; result: string }>): { symbols: Record<string, (...a: unknown[]) => unknown> };
}

function loadDeno(deno: DenoFfi): NativeFunctions {
  const type = (t: NativeType) => ({ u32: "u32", i32: "i32", u64: "u64", ptr: "buffer" })[t];
  const out: Partial<NativeFunctions> = {};
  for (const [dll, names] of byDll()) {
    const lib = deno.dlopen(dll, Object.fromEntries(names.map((n) => {
      const d: Declaration = DECLARATIONS[n];
      return [n, { parameters: d.params.map(type), result: type(d.result) }];
    })));
    for (const n of names) out[n] = (...args: NativeArg[]) => lib.symbols[n](...args) as number | bigint;
  }
  return out as NativeFunctions;
}

async function loadKoffi(): Promise<NativeFunctions> {
  const name = "koffi";
  const mod = await import(name);
  const koffi = (mod.default ?? mod) as { load(path: string): { func(name: string, result: string, params: string[]): (...a: unknown[]) => unknown } };
  const type = (t: NativeType) => ({ u32: "uint32_t", i32: "int32_t", u64: "uint64_t", ptr: "void *" })[t];
  const out: Partial<NativeFunctions> = {};
  for (const [dll, names] of byDll()) {
    const lib = koffi.load(dll);
    for (const n of names) {
      const d: Declaration = DECLARATIONS[n];
      const fn = lib.func(n, type(d.result), d.params.map(type));
      out[n] = (...args: NativeArg[]) => fn(...args) as number | bigint;
    }
  }
  return out as NativeFunctions;
}

/** The Win32 functions through this runtime's FFI. Call only on Windows (or Wine). */
export async function loadNative(): Promise<NativeFunctions> {
  const g = globalThis as { Bun?: unknown; Deno?: DenoFfi };
  if (g.Bun) return await loadBun();
  if (g.Deno) return loadDeno(g.Deno);
  return await loadKoffi();
}
