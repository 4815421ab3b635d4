/**
 * The simulated registry as plain data: keys are full `HKEY_...` names, compared case-insensitively
 * like the real registry. Pure functions over {@link SimState}'s `registry` map.
 * @module
 */
import type { RegistryValue } from "../core/host/host.ts";
import { fullKeyName as normaliseKey } from "./reg_text.ts";

/** A registry as stored in the state document. */
export type RegistryData = Record<string, Record<string, RegistryValue>>;

/** The stored spelling of `key`, or undefined when it does not exist. */
export function findKey(reg: RegistryData, key: string): string | undefined {
  const want = normaliseKey(key).toLowerCase();
  return Object.keys(reg).find((k) => k.toLowerCase() === want);
}

/** Direct subkey names of `key` (last path components, stored case). */
export function subkeysOf(reg: RegistryData, key: string): string[] {
  const prefix = normaliseKey(key).toLowerCase() + "\\";
  const names = new Set<string>();
  for (const k of Object.keys(reg)) {
    if (!k.toLowerCase().startsWith(prefix)) continue;
    names.add(k.slice(prefix.length).split("\\")[0]);
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}

/** Creates `key` (and nothing else) when missing; returns its stored spelling. */
export function ensureKey(reg: RegistryData, key: string): string {
  const found = findKey(reg, key);
  if (found) return found;
  const full = normaliseKey(key);
  reg[full] = {};
  return full;
}

/** Sets one value, creating the key. */
export function setValue(reg: RegistryData, key: string, name: string, value: RegistryValue): void {
  reg[ensureKey(reg, key)][name] = value;
}

/** Deletes a key and all its subkeys; true when something was deleted. */
export function deleteKeyTree(reg: RegistryData, key: string): boolean {
  const base = normaliseKey(key).toLowerCase();
  let deleted = false;
  for (const k of Object.keys(reg)) {
    const lower = k.toLowerCase();
    if (lower === base || lower.startsWith(base + "\\")) {
      delete reg[k];
      deleted = true;
    }
  }
  return deleted;
}
