/**
 * Size on disk of a file on Windows, which the sparse strategy and optimize-vhd's un-sparsing need.
 * Two sources: `GetCompressedFileSizeW`, the documented one for sparse and compressed files (Learn
 * "Obtaining the Size of a Sparse File", docs/windows-facts.md §8), called through `bun:ffi` when the
 * program is the compiled Bun .exe; and `fs.stat` `blocks`, which libuv fills on Windows with
 * FILE_STANDARD_INFORMATION.AllocationSize / 512 (libuv src/win/fs.c) for Node and Bun. Each is
 * an upper bound of what the file holds (Wine answers GetCompressedFileSizeW with the logical size;
 * its `blocks` are the real ones), so the smaller is taken. With neither, a sparse file is assumed to
 * hold nothing, so the space un-sparsing needs is never under-estimated.
 * @module
 */

/** What `fs.stat` reports. */
export interface StatSizes {
  size: number;
  /** 512-byte units; undefined or null where the runtime does not fill it. */
  blocks?: number | null;
}

/** Where an allocated size came from. */
export type AllocationSource = "GetCompressedFileSizeW" | "fs.stat blocks" | "both" | "none";

/** Combines the sources (see the module comment). */
export function allocatedSize(st: StatSizes, compressedSize: number | undefined): { bytes: number; source: AllocationSource } {
  const fromBlocks = typeof st.blocks === "number" && Number.isFinite(st.blocks) ? st.blocks * 512 : undefined;
  const known = [fromBlocks, compressedSize].filter((n): n is number => n !== undefined);
  if (known.length === 0) return { bytes: 0, source: "none" };
  const source = known.length === 2 ? "both" : fromBlocks !== undefined ? "fs.stat blocks" : "GetCompressedFileSizeW";
  return { bytes: Math.min(st.size, ...known), source };
}

type CompressedSizeFn = (path: string) => number | undefined;
let ffi: CompressedSizeFn | null | undefined;

/** INVALID_FILE_SIZE: the low word GetCompressedFileSizeW returns on failure (then GetLastError tells). */
const INVALID_FILE_SIZE = 0xffffffff;

/**
 * GetCompressedFileSizeW through `bun:ffi`, or undefined when this runtime has no FFI (Node, Deno)
 * or the call fails.
 */
export async function compressedFileSize(path: string): Promise<number | undefined> {
  if (ffi === undefined) ffi = await loadFfi();
  return ffi ? ffi(path) : undefined;
}

async function loadFfi(): Promise<CompressedSizeFn | null> {
  if (!("Bun" in globalThis)) return null;
  try {
    const name = "bun:ffi";
    const { dlopen, FFIType, ptr } = await import(name);
    const k32 = dlopen("kernel32.dll", {
      GetCompressedFileSizeW: { args: [FFIType.ptr, FFIType.ptr], returns: FFIType.u32 },
      GetLastError: { args: [], returns: FFIType.u32 },
    });
    return (path: string) => {
      const wide = new Uint16Array(path.length + 1);
      for (let i = 0; i < path.length; i++) wide[i] = path.charCodeAt(i);
      const high = new Uint32Array(1);
      const low = k32.symbols.GetCompressedFileSizeW(ptr(wide), ptr(high)) as number;
      if (low === INVALID_FILE_SIZE && k32.symbols.GetLastError() !== 0) return undefined;
      return high[0] * 2 ** 32 + low;
    };
  } catch {
    return null;
  }
}
