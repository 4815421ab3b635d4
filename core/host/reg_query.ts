/**
 * Parsing of `reg query` output (Windows `reg.exe`, also Wine's): key lines start with `HKEY_`,
 * value lines are `    Name    REG_TYPE    Data`.
 * @module
 */
import type { ExecOptions, ExecResult, HostRegistry, RegistryValue } from "./host.ts";

/** Subkeys listed by `reg query KEY` (full key paths), as last path components. */
export function parseSubkeys(output: string, key: string): string[] {
  const want = normaliseKey(key).toLowerCase() + "\\";
  return output.split("\n").map((l) => l.trim()).filter((l) => normaliseKey(l).toLowerCase().startsWith(want))
    .map((l) => normaliseKey(l).slice(want.length)).filter((rest) => rest.length > 0 && !rest.includes("\\"));
}

/** Values listed by `reg query KEY` (the key's own values only). */
export function parseValues(output: string): Record<string, RegistryValue> {
  const values: Record<string, RegistryValue> = {};
  let inFirstKey = false;
  for (const raw of output.split("\n")) {
    const line = raw.replace(/\r$/, "");
    if (/^HKEY_/i.test(line.trim())) {
      if (inFirstKey) break; // values of subkeys (with /s) are not this key's
      inFirstKey = true;
      continue;
    }
    const m = /^\s+(.*?)\s{2,}(REG_[A-Z_]+)\s{2,}(.*)$/.exec(line) ?? /^\s+(.*?)\s{2,}(REG_[A-Z_]+)\s*$/.exec(line);
    if (!m) continue;
    const [, name, type, data = ""] = m;
    values[name === "(Default)" ? "" : name] = convert(type, data);
  }
  return values;
}

function convert(type: string, data: string): RegistryValue {
  if (type === "REG_DWORD" || type === "REG_QWORD") return Number(BigInt(data.trim()));
  if (type === "REG_MULTI_SZ") return data.split("\\0").filter((s) => s.length > 0);
  return data;
}

const ROOTS: Record<string, string> = { HKCU: "HKEY_CURRENT_USER", HKLM: "HKEY_LOCAL_MACHINE" };

/** Expands HKCU/HKLM abbreviations so keys compare equal to what reg prints. */
export function normaliseKey(key: string): string {
  const [root, ...rest] = key.split("\\");
  return [ROOTS[root.toUpperCase()] ?? root.toUpperCase(), ...rest].join("\\");
}

/** A {@link HostRegistry} that reads through `reg query` run by `exec` (the real reg.exe, Wine's, or the emulated one). */
export function regQueryRegistry(exec: (cmd: string, args: string[], opts?: ExecOptions) => Promise<ExecResult>): HostRegistry {
  return {
    subkeys: async (key) => {
      const r = await exec("reg", ["query", key]);
      return r.code === 0 ? parseSubkeys(r.stdout, key) : [];
    },
    values: async (key) => {
      const r = await exec("reg", ["query", key]);
      return r.code === 0 ? parseValues(r.stdout) : {};
    },
  };
}
