/**
 * A {@link RegistryStore} over the real `reg.exe` of the Wine prefix, so the emulated tools edit the
 * same registry the product's `reg query` reads. Results are memoised for the life of one emulated
 * program (a few hundred ms) and forgotten on every write it makes: each `reg.exe` start costs ~100 ms.
 * @module
 */
import { spawnSync } from "node:child_process";
import type { RegistryValue } from "../../../core/host/host.ts";
import { fullKeyName as normaliseKey, readRegQuery } from "../../../simulated/reg_text.ts";
import type { RegistryStore } from "../../../simulated/machine.ts";
import { decodeCodePage } from "../../../simulated/code_pages.ts";

/**
 * Wine's reg.exe writes piped output in the OEM code page (seen: `á` as 0xA0), like Windows' console
 * tools (docs/windows-facts.md §7). Wine's OEM code page follows the Linux locale: 437 unless set.
 */
const WINE_REG_CODE_PAGE = 437;

/** Wine's reg.exe by absolute path: never one of our emulators that may sit earlier on PATH. */
export const REG_EXE = "C:\\windows\\system32\\reg.exe";

interface RegOutput {
  code: number;
  stdout: string;
}

function reg(args: string[]): RegOutput {
  const r = spawnSync(REG_EXE, args, { windowsHide: true });
  if (r.error) throw r.error;
  return { code: r.status ?? 1, stdout: r.stdout ? decodeCodePage(r.stdout, WINE_REG_CODE_PAGE) : "" };
}

/** `reg add` type and data for a value (REG_DWORD as decimal, REG_MULTI_SZ joined with `\0`). */
export function regAddArgs(key: string, name: string, value: RegistryValue): string[] {
  const [type, data] = typeof value === "number"
    ? ["REG_DWORD", String(value >>> 0)]
    : Array.isArray(value) ? ["REG_MULTI_SZ", value.join("\\0")] : ["REG_SZ", value];
  return ["add", key, ...(name === "" ? ["/ve"] : ["/v", name]), "/t", type, "/d", data, "/f"];
}

/** The registry of the Wine prefix this program runs in. */
export function regExeStore(): RegistryStore {
  const memo = new Map<string, RegOutput>();
  const query = (key: string): RegOutput => {
    const k = normaliseKey(key).toLowerCase();
    let r = memo.get(k);
    if (!r) memo.set(k, r = reg(["query", normaliseKey(key)]));
    return r;
  };
  const write = (args: string[]): boolean => {
    memo.clear();
    return reg(args).code === 0;
  };
  return {
    subkeys: (key) => {
      const r = query(key);
      return Promise.resolve(r.code === 0 ? readRegQuery(r.stdout, key).subkeys : []);
    },
    values: (key) => {
      const r = query(key);
      return Promise.resolve(r.code === 0 ? readRegQuery(r.stdout, key).values : null);
    },
    setValue: (key, name, value) => {
      if (!write(regAddArgs(normaliseKey(key), name, value))) throw new Error(`reg add ${key} /v ${name} failed`);
      return Promise.resolve();
    },
    deleteValue: (key, name) => Promise.resolve(write(["delete", normaliseKey(key), "/v", name, "/f"])),
    deleteKey: (key) => Promise.resolve(write(["delete", normaliseKey(key), "/f"])),
  };
}
